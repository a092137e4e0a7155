import EngineAPI
import FuzzSupport

/// The engine's JSON documents, as both Docker and Podman shape them, through the decoders berth uses and on into
/// what berth computes from them.
///
/// Input: a byte choosing the document type, then the document. Invariants: nothing traps; `JSONValue` text
/// (compact and pretty) parses back to the same value; the figures computed from stats stay finite where they
/// must be.
FuzzDriver.run { data, size in
    var input = FuzzInput(data, size)
    let kind = input.byte() % 10
    let document = input.rest()
    switch kind {
    case 0:
        // Podman has answered `null` for an empty list; `try?` folds that into nil too.
        if let list = try? JSONCoding.decode([ContainerSummary]?.self, from: document) {
            for row in list {
                _ = row.displayName
                _ = row.shortID
                _ = row.lifecycle
            }
        }
    case 1:
        if let inspect = try? JSONCoding.decode(ContainerInspect.self, from: document) {
            _ = inspect.state?.startedAt.flatMap(LogTimestamp.parse)
            _ = inspect.created.flatMap(LogTimestamp.parse)
        }
    case 2:
        stats(document)
    case 3:
        if let event = try? JSONCoding.decode(EngineEvent.self, from: document) {
            _ = event.verb
            _ = event.containerID
        }
    case 4:
        if let top = try? JSONCoding.decode(ContainerTop.self, from: document) {
            for row in top.processes where !top.titles.isEmpty {
                require(row.count == top.titles.count, "a process has \(row.count) cells for \(top.titles.count)")
            }
        }
    case 5:
        if let version = try? JSONCoding.decode(EngineVersionResponse.self, from: document) {
            _ = version.product
            _ = version.apiVersion.flatMap(APIVersion.init)
        }
    case 6:
        _ = try? JSONCoding.decode(EngineSystemInfo.self, from: document)
        _ = try? JSONCoding.decode(ExecInspect.self, from: document)
        _ = try? JSONCoding.decode(ExecCreateResponse.self, from: document)
    case 7:
        _ = EngineErrorMessage.extract(from: document)
        _ = EngineError.fromResponse(status: 500, body: document).description
    default:
        jsonValue(document)
    }
    return 0
}

/// Two stats documents on two lines: the earlier and the later sample, as berth keeps them.
func stats(_ document: [UInt8]) {
    let lines = document.split(separator: 0x0A, maxSplits: 1).map(Array.init)
    let responses = lines.compactMap { try? JSONCoding.decode(ContainerStatsResponse.self, from: $0) }
    guard let last = responses.last else { return }
    let previous = responses.count > 1 ? StatsSample(api: responses[0], time: 10) : nil
    let current = StatsSample(api: last, time: 11)
    for hostMemory in [nil, last.memoryStats?.limit, 1 << 30] as [UInt64?] {
        let figures = StatsFigures.compute(previous: previous, current: current, hostMemory: hostMemory)
        if let cpu = figures.cpuPercent {
            require(!cpu.isNaN, "CPU % is NaN")
            _ = StatsUnits.percent(cpu)
        }
        if let memory = figures.memoryPercent {
            require(!memory.isNaN, "MEM % is NaN")
            _ = StatsUnits.percent(memory)
        }
        if let used = figures.memoryUsed { _ = StatsUnits.binary(Double(used)) }
        for rate in [figures.blockReadRate, figures.blockWriteRate, figures.network?.rxRate, figures.network?.txRate] {
            if let rate { _ = StatsUnits.binaryRate(rate) }
        }
        _ = StatsUnits.decimal(Double(figures.blockRead))
        _ = StatsUnits.roundedBinary(Double(figures.blockWrite))
    }
}

/// The inspect pane's parser: text it writes must read back as the same value.
func jsonValue(_ document: [UInt8]) {
    guard let value = try? JSONValue.parse(document) else { return }
    let compact = value.compactText
    require((try? JSONValue.parse(compact)) == value, "compact text does not parse back: \(compact.prefix(200))")
    let pretty = value.prettyText()
    require((try? JSONValue.parse(pretty)) == value, "pretty text does not parse back")
}
