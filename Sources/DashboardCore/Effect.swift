import EngineAPI

/// Work the reducer asks the runtime to do. Effects are data, so tests assert on them without any I/O.
public enum Effect: Hashable, Sendable {
    /// Run a lifecycle command on a container.
    case perform(ContainerCommand, container: ContainerRef, name: String)
    /// Leave berth, restoring the terminal.
    case quit
    /// Stop berth until the shell continues it (Ctrl-Z).
    case suspend
    /// Hand the terminal to a process in the container: a shell when `command` is nil, else that command line.
    case exec(container: ContainerRef, name: String, command: String?)
    /// Change the set of watched engines (`:host`, `:context`).
    case hosts(HostChange)
    /// Put text on the user's clipboard (OSC 52).
    case copyToClipboard(String)
    /// One-off work for a detail pane (e.g. save the logs, signal a process).
    case stats(StatsEffect)
    case logs(LogsEffect)
    case top(TopEffect)
    case inspect(InspectEffect)
    /// Work for a resource view: refetch, measure, remove, prune.
    case resources(ResourceEffect)
    /// Ask a Podman engine which of its containers are in which pod; `PodsAction` answers, with `question`.
    case pods(host: HostID, question: Int)
    /// Remove a Podman pod with every container in it (`podman pod rm`; `force` stops the running ones first);
    /// `PodsAction.removed` answers.
    case removePod(BulkPod, force: Bool)
}
