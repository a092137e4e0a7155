import NIOCore

/// Spaces a channel's socket reads at least `interval` apart.
///
/// The engine writes a busy container's log a line at a time, and a reader that is always ready wakes for every
/// line or two: at 60,000 lines a second that was as many thread switches a second and more than half a core,
/// competing with the screen for the CPU. Holding each read back until `interval` has passed since the last one
/// lets the lines pile up in the socket, so one read takes them all; a quiet stream's lines arrive at most
/// `interval` later.
final class ReadPacer: ChannelOutboundHandler, ChannelInboundHandler, RemovableChannelHandler {
    typealias OutboundIn = Never
    typealias InboundIn = NIOAny

    private let interval: TimeAmount
    private var lastRead: NIODeadline = .distantPast
    private var scheduled: Scheduled<Void>?

    init(interval: TimeAmount) {
        self.interval = interval
    }

    func read(context: ChannelHandlerContext) {
        guard scheduled == nil else { return }
        let due = lastRead + interval
        if due <= .now() {
            context.read()
            return
        }
        scheduled = context.eventLoop.assumeIsolated().scheduleTask(deadline: due) { [self] in
            scheduled = nil
            context.read()
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        lastRead = .now()
        context.fireChannelReadComplete()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        scheduled?.cancel()
        scheduled = nil
    }
}
