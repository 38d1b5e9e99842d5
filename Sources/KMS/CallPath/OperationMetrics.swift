import CoreMetrics
import Locking

/// Soto's three metrics for each operation, with the dimensions `service` (`KMS`) and
/// `operation` (`GenerateDataKey`, …): `aws_requests_total` and `aws_request_errors` (counters,
/// one per call whatever its retries) and `aws_request_duration` (a timer over the whole call,
/// retries and waits included).
///
/// The handlers are made once per operation, at its first call, and reused: a call looks them
/// up rather than asking the factory (which may allocate and register) every time.
final class OperationMetrics: Sendable {
    /// The three handlers of one operation.
    struct Handlers: Sendable {
        let requests: any CounterHandler
        let errors: any CounterHandler
        let duration: any TimerHandler
    }

    private let factory: any MetricsFactory
    private let made = LockedValue<[String: Handlers]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// The handlers of `operation`, made on first use.
    func handlers(for operation: String) -> Handlers {
        made.withLock { made in
            if let found = made[operation] { return found }
            let dimensions = [("service", CallInstrumentation.service), ("operation", operation)]
            let duration = factory.makeTimer(label: "aws_request_duration", dimensions: dimensions)
            duration.preferDisplayUnit(.seconds)
            let handlers = Handlers(
                requests: factory.makeCounter(label: "aws_requests_total", dimensions: dimensions),
                errors: factory.makeCounter(label: "aws_request_errors", dimensions: dimensions),
                duration: duration)
            made[operation] = handlers
            return handlers
        }
    }
}
