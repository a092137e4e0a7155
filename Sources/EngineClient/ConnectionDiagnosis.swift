import EngineAPI
import NIOCore

/// Why a connection ended without a complete answer, when the transport knows more than "closed": the ssh child's
/// exit status and stderr (host key, authentication, the remote engine's socket).
protocol ConnectionDiagnosis: Sendable {
    /// A better error than "connection closed", or nil when there is nothing to add.
    func explain(sawAnswer: Bool) async -> EngineError?
}

/// Carries a connection's diagnosis in its pipeline, so that whoever uses the channel can find it.
final class DiagnosisHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    let diagnosis: any ConnectionDiagnosis

    init(_ diagnosis: any ConnectionDiagnosis) {
        self.diagnosis = diagnosis
    }

    /// The diagnosis of a channel whose pipeline is being set up (on its event loop).
    static func find(in channel: any Channel) -> (any ConnectionDiagnosis)? {
        try? channel.pipeline.syncOperations.handler(type: DiagnosisHandler.self).diagnosis
    }

    /// The diagnosis of a connected channel, looked up on its event loop.
    static func find(after channel: any Channel) async -> (any ConnectionDiagnosis)? {
        try? await channel.pipeline.handler(type: DiagnosisHandler.self).map { $0.diagnosis }.get()
    }
}

extension ErrorMapping {
    /// `error` as the transport explains it, when it can: only failures that say no more than "the connection
    /// ended" are replaced (a body cut short reads as broken HTTP, but an ssh child that died says why).
    static func explained(
        _ error: any Error, by diagnosis: (any ConnectionDiagnosis)?, sawAnswer: Bool
    ) async -> any Error {
        guard let diagnosis, !(error is CancellationError) else { return error }
        if let engine = error as? EngineError {
            switch engine {
            case .unreachable, .protocolViolation: break
            default: return error
            }
        }
        return await diagnosis.explain(sawAnswer: sawAnswer) ?? error
    }
}
