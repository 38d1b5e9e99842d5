import BenchmarkRequest
import KMS

/// The whole client path over the canned transport, sequential, no server: `generateDataKey`
/// `calls` times on one client, after a tenth as many to warm up. Prints the CPU time (every
/// thread) and the wall time per call: `RESULT client=swift-replay-<default|off> calls=N
/// cpu_ns_per_call=… wall_ns_per_call=…`.
///
/// scripts/bench/observability.sh runs it in alternating pairs, observability at its defaults
/// and off, and takes the median of the per-pair ratios: on a shared 2-core machine, only runs
/// seconds apart are comparable, and a 2 % bar needs many of them (docs/PERFORMANCE.md).
enum ReplayRun {
    static func run(calls: Int, instrumentation: Bool) async -> Bool {
        do {
            let client = try BenchmarkRequest.replayClient(host: "127.0.0.1:8080", instrumentation: instrumentation)
            var matched = 0
            for _ in 0..<max(calls / 10, 1) {
                _ = try await client.generateDataKey(id: BenchmarkRequest.keyID, size: 32)
            }
            let cpuStart = ProcessStats.cpuSeconds()
            let wallStart = ContinuousClock.now
            for _ in 0..<calls {
                let key = try await client.generateDataKey(id: BenchmarkRequest.keyID, size: 32)
                if key.id == BenchmarkRequest.keyARN { matched += 1 }
            }
            let wall = ContinuousClock.now - wallStart
            let cpu = ProcessStats.cpuSeconds() - cpuStart
            let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
            Output.line(
                "RESULT client=swift-replay-\(instrumentation ? "default" : "off") calls=\(calls) "
                    + "cpu_ns_per_call=\(Int(cpu * 1e9 / Double(calls))) wall_ns_per_call=\(Int(wallSeconds * 1e9 / Double(calls)))")
            return matched != calls
        } catch {
            Output.error("KMSLoad: \(error)")
            return true
        }
    }
}
