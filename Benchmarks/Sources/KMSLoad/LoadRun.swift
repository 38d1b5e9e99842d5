#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BenchmarkRequest
import KMS
import Synchronization
import CurlHTTP

/// One run of the load generator: `options.tasks` tasks calling `generateDataKey` on one
/// shared client, either for a time (requests/s, CPU per request, threads) or for a number of
/// calls (RSS along the way).
struct LoadRun: Sendable {
    /// Calls after which the memory run takes its first RSS reading, and later checkpoints.
    static let memoryCheckpoints = [10_000, 100_000, 500_000]

    /// What each call goes through.
    enum Target: Sendable {
        /// The whole client.
        case kms(KMSClient)
        /// The transport alone, sending this request (signed once, up front) every time.
        case http(CurlHTTPClient, HTTPRequest)
    }

    let target: Target
    let options: LoadOptions
    /// The executor the calling tasks prefer (`--executor curl`: the client's curl thread).
    var executor: (any TaskExecutor)? = nil

    /// What one task did during a timed run.
    struct Tally: Sendable {
        var requests = 0
        var errors = 0
        var threads = 0
    }

    /// One call, checked: true when the reply decoded to the canned data key (or, for the
    /// transport alone, is a 200 carrying one).
    private func call() async -> Bool {
        do {
            switch target {
            case .kms(let client):
                let key = try await client.generateDataKey(id: BenchmarkRequest.keyID, size: 32)
                return key.id == BenchmarkRequest.keyARN
            case .http(let client, let request):
                let response = try await client.execute(request)
                return response.status == 200 && response.body.count > 300
            }
        } catch {
            Self.reportFirstError(error)
            return false
        }
    }

    private static let errorShown = Atomic<Bool>(false)

    /// Prints the first failure only (errors carry no secrets by design), so a broken run says why.
    private static func reportFirstError(_ error: any Error) {
        if !errorShown.exchange(true, ordering: .relaxed) {
            Output.error("KMSLoad: call failed: \(error)")
        }
    }

    /// Opens the connections and derives the signing key before the clock starts: one call per
    /// task, all at once.
    private func warmUp() async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<options.tasks {
                group.addTask(executorPreference: executor) { _ = await call() }
            }
        }
    }

    /// Calls until the deadline from `options.tasks` tasks; prints the RESULT line. Returns true
    /// when any call failed.
    func timed() async -> Bool {
        await warmUp()
        let cpuStart = ProcessStats.cpuSeconds()
        let start = ProcessStats.now()
        let deadline = start + options.seconds
        let total = await withTaskGroup(of: Tally.self) { group -> Tally in
            for index in 0..<options.tasks {
                group.addTask(executorPreference: executor) {
                    var tally = Tally(threads: index == 0 ? ProcessStats.threads() : 0)
                    while ProcessStats.now() < deadline {
                        if await call() { tally.requests += 1 } else { tally.errors += 1 }
                        if index == 0 && tally.requests & 255 == 0 {
                            tally.threads = max(tally.threads, ProcessStats.threads())
                        }
                    }
                    return tally
                }
            }
            var total = Tally()
            for await tally in group {
                total.requests += tally.requests
                total.errors += tally.errors
                total.threads = max(total.threads, tally.threads)
            }
            return total
        }
        let seconds = ProcessStats.now() - start
        let cpu = ProcessStats.cpuSeconds() - cpuStart
        Output.line(
            "RESULT client=\(options.clientName) requests=\(total.requests) errors=\(total.errors)"
                + " seconds=\(Self.fixed(seconds, 3)) rps=\(Self.fixed(Double(total.requests) / seconds, 1))"
                + " cpu_us=\(Self.fixed(cpu * 1e6 / Double(max(total.requests, 1)), 2))"
                + " threads=\(total.threads) rss_kb=\(ProcessStats.residentKiB())"
        )
        return total.errors > 0
    }

    /// Makes `calls` calls in all from `options.tasks` tasks; prints RSS at the checkpoints and
    /// a MEMORY line comparing the end with the first checkpoint. Returns true when any call failed.
    func memory(calls: Int) async -> Bool {
        await warmUp()
        let counters = MemoryCounters()
        let start = ProcessStats.now()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<options.tasks {
                group.addTask {
                    while counters.issued.add(1, ordering: .relaxed).newValue <= calls {
                        if !(await call()) { counters.failures.add(1, ordering: .relaxed) }
                        let done = counters.completed.add(1, ordering: .relaxed).newValue
                        if Self.memoryCheckpoints.contains(done) {
                            let rss = ProcessStats.residentKiB()
                            if done == Self.memoryCheckpoints[0] { counters.firstReading.store(rss, ordering: .relaxed) }
                            Output.line("MEMORY-CHECKPOINT calls=\(done) rss_kb=\(rss) threads=\(ProcessStats.threads())")
                        }
                    }
                }
            }
        }
        let end = ProcessStats.residentKiB()
        let first = counters.firstReading.load(ordering: .relaxed)
        let growth = first > 0 ? Double(end - first) * 100 / Double(first) : 0
        Output.line(
            "MEMORY client=\(options.clientName) calls=\(calls) errors=\(counters.failures.load(ordering: .relaxed))"
                + " seconds=\(Self.fixed(ProcessStats.now() - start, 1))"
                + " rss_kb_first=\(first) first_at=\(Self.memoryCheckpoints[0]) rss_kb_end=\(end)"
                + " growth_pct=\(Self.fixed(growth, 1))"
        )
        return counters.failures.load(ordering: .relaxed) > 0
    }

    /// The shared counts of a memory run: calls handed out, calls done, failures, first RSS reading.
    private final class MemoryCounters: Sendable {
        let issued = Atomic<Int>(0)
        let completed = Atomic<Int>(0)
        let failures = Atomic<Int>(0)
        let firstReading = Atomic<Int>(-1)
    }

    /// `value` with `digits` decimals, without Foundation's formatting.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((abs(value) * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = scaled % Int(scale)
        var fractionText = String(fraction)
        while fractionText.count < digits { fractionText = "0" + fractionText }
        return (value < 0 ? "-" : "") + String(whole) + (digits > 0 ? "." + fractionText : "")
    }
}
