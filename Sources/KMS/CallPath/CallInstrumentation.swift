import CoreMetrics
import Tracing

/// Where a client reports its calls beyond the logger: a span per call to the tracer, counts
/// and durations per operation to the metrics factory.
///
/// Each is nil when nothing would receive it (no backend bootstrapped, or a no-op one given),
/// so that a call with neither pays two nil checks: no span, no attribute, no clock read, no
/// metric lookup.
struct CallInstrumentation: Sendable {
    /// The service name in span names (`KMS.GenerateDataKey`), the `rpc.service` attribute and
    /// the `service` metric dimension, as Soto spells it.
    static let service = "KMS"

    /// The tracer spans go to; nil when it is the no-op tracer.
    let tracer: (any Tracer)?
    /// The operations' counters and timers; nil when the factory is the no-op one.
    let metrics: OperationMetrics?

    /// True when a call has nothing to report beyond its log lines. Stored, not computed: a
    /// call reads one Bool instead of copying the optional tracer existential to test it.
    let isOff: Bool

    /// The configuration's tracer and factory, or the process-wide ones bootstrapped by now.
    init(config: AWSConfig) {
        guard !config.instrumentationDisabled else {
            self.tracer = nil
            self.metrics = nil
            self.isOff = true
            return
        }
        let tracer = config.tracer ?? InstrumentationSystem.tracer
        self.tracer = tracer is NoOpTracer ? nil : tracer
        let factory = config.metricsFactory ?? MetricsSystem.factory
        self.metrics = factory is NOOPMetricsHandler ? nil : OperationMetrics(factory: factory)
        self.isOff = self.tracer == nil && self.metrics == nil
    }
}
