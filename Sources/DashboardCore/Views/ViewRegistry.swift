/// Every view besides the containers, in the order `:` completes them. Adding a view is one line here.
public enum ViewRegistry {
    public static let resourceViews: [ResourceViewDefinition] = [
        ImagesView.definition,
        VolumesView.definition,
        NetworksView.definition,
        DiskUsageView.definition,
        NodesView.definition, ServicesView.definition, TasksView.definition,
        SecretsView.definition, ConfigsView.definition,
    ]

    /// The definition of `id`, if it is a resource view.
    public static func definition(_ id: ViewID) -> ResourceViewDefinition? {
        resourceViews.first { $0.id == id }
    }

    /// Every view name `:` accepts, containers first.
    public static var names: [String] { [ViewID.containers.name] + resourceViews.map(\.id.name) }
}
