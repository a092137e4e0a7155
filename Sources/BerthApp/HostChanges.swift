import DashboardCore
import EngineAPI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Carries out `:host` and `:context`: resolves the addresses and contexts, and adds or removes hosts in the registry.
enum HostChanges {
    static func perform(_ change: HostChange, hosts: HostRegistry, sink: AsyncStream<Action>.Continuation) async {
        let environment = ProcessInfo.processInfo.environment
        switch change {
        case .listContexts:
            let contexts = HostResolution.contexts(environment: environment).map {
                ContextChoice(name: $0.name, endpoint: $0.endpoint, description: $0.description)
            }
            sink.yield(.contextsListed(contexts))
        case .remove(let id):
            await hosts.remove(id)
        case .add(let arguments, let contexts, let replacing):
            let specs: [HostSpec]
            do {
                specs = try HostSpec.resolve(arguments: arguments, contexts: contexts, environment: environment)
            } catch {
                sink.yield(.hostsRejected("\(error)"))
                return
            }
            let current = await hosts.ids
            if replacing {
                for id in current { await hosts.remove(id) }
            }
            var taken = replacing ? Set<String>() : Set(current.map(\.name))
            // An engine already watched is not added again: its rows would all show twice.
            var watched = replacing ? [:] : await hosts.addresses
            var added: [String] = []
            var problems: [String] = []
            for spec in specs {
                if let already = watched[spec.host] {
                    problems.append("\(spec.host) is watched already, as \(already.name)")
                    continue
                }
                // A socket not there yet is watched all the same, as at start beside other engines: it is tried
                // again until it answers.
                let down = StartupProblem.check(spec.host) != nil
                var name = spec.name
                var counter = 2
                while taken.contains(name) {
                    name = "\(spec.name)-\(counter)"
                    counter += 1
                }
                taken.insert(name)
                watched[spec.host] = HostID(name)
                await hosts.add(
                    HostConfiguration(id: HostID(name), host: spec.host, warning: spec.host.securityWarning))
                added.append("\(name) (\(spec.host))" + (down ? ", down for now" : ""))
            }
            if !problems.isEmpty {
                sink.yield(.hostsRejected(problems.joined(separator: "; ")))
            } else if !added.isEmpty {
                sink.yield(.notice(StatusMessage("Watching " + added.joined(separator: ", "), kind: .success)))
            }
        }
    }
}
