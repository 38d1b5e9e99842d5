// The baseline switch of the observability benchmark row (Benchmarks/, a separate package that
// cannot see internal symbols). Not API: `@_spi(Benchmarks)` keeps it out of the public
// interface; an app that wants no spans or metrics simply bootstraps no backend.

@_spi(Benchmarks)
extension AWSConfig {
    /// True to build clients that skip spans and metrics entirely, whatever tracer and metrics
    /// factory are configured or bootstrapped: the "instrumentation compiled out" baseline.
    public var benchmarkInstrumentationDisabled: Bool {
        get { instrumentationDisabled }
        set { instrumentationDisabled = newValue }
    }
}
