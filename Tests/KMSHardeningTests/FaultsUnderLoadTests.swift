import Foundation
import Testing

@_spi(Testing) import CurlHTTP
@testable import KMS

@Suite("Under load with faults: every call ends, and nothing is left behind")
struct FaultsUnderLoadTests {
    static let calls = 20_000
    static let tasks = 64

    /// What the process holds, for before/after comparisons.
    struct Resources: CustomStringConvertible {
        var fileDescriptors = ProcessProbe.openFileDescriptors()
        var threads = ProcessProbe.threads()
        var residentKiB = ProcessProbe.residentKiB()
        var easyHandles = CurlHTTPDiagnostics.liveEasyHandles

        var description: String {
            "fds \(fileDescriptors), threads \(threads), RSS \(residentKiB / 1024) MiB, easy handles \(easyHandles)"
        }
    }

    /// Tallies of what the calls ended in.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [String: Int] = [:]
        private(set) var untyped: [String] = []

        func record(_ outcome: Outcome) {
            let key: String
            switch outcome {
            case .success: key = "success"
            case .kms(let error): key = "KMSError.\(error.code)"
            case .http(let error): key = "HTTPClientError.\(error.code)"
            case .other(let error): key = "untyped \(type(of: error))"
            }
            lock.withLock {
                counts[key, default: 0] += 1
                if !outcome.isTyped, untyped.count < 5 { untyped.append("\(outcome)") }
            }
        }

        var snapshot: [String: Int] { lock.withLock { counts } }
        var total: Int { snapshot.values.reduce(0, +) }
    }

    @Test("20,000 calls from 64 tasks against a server failing ~20% of them: typed errors, no leaks")
    func twentyThousandCalls() async throws {
        let server = try await HostileServer.start(mode: "random", rate: 0.2, seed: 7)
        defer { server.stop() }

        // Warm up first (a client, a connection, the signing key cache, the cooperative pool),
        // so the baseline holds what any run would hold anyway.
        do {
            let config = try hostileConfig(endpoint: server.url, timeout: 5)
            let transport = CurlHTTPClient(configuration: config.httpConfiguration)
            let warm = KMSClient(config: config, transport: transport)
            for _ in 0..<20 { _ = try? await warm.generateDataKey(id: "alias/load", size: 32) }
            await warm.shutdown()
            await transport.shutdown()
        }
        let before = Resources()

        // A transport of its own (not the shared one), so that shutting it down must give back
        // every connection, handle and thread it used.
        let config = try hostileConfig(endpoint: server.url, timeout: 5)
        let transport = CurlHTTPClient(configuration: config.httpConfiguration)
        let client = KMSClient(config: config, transport: transport)
        let tally = Tally()
        let wrongKeys = ManagedCounter()
        let started = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<Self.tasks {
                // Background priority: other suites' time-bounded tests share these 2 cores.
                group.addTask(priority: .background) {
                    var index = worker
                    while index < Self.calls {
                        let (result, _) = await outcome {
                            if index % 4 == 3 {
                                _ = try await client.listKeys()
                            } else {
                                let key = try await client.generateDataKey(id: "alias/load", size: 32)
                                if key.plaintextBytes.withUnsafeBytes({ Array($0) }) != Secret.serverKey(32) { wrongKeys.increment() }
                            }
                        }
                        tally.record(result)
                        index += Self.tasks
                    }
                }
            }
        }
        let elapsed = ContinuousClock.now - started
        let during = Resources()
        await client.shutdown()
        await transport.shutdown()

        let counts = tally.snapshot
        print("faults under load: \(Self.calls) calls in \(elapsed): \(counts.sorted { $0.key < $1.key })")
        #expect(tally.total == Self.calls, "every call returned exactly once")
        #expect(tally.untyped.isEmpty, "untyped errors: \(tally.untyped)")
        #expect(wrongKeys.value == 0, "a successful call returned the wrong key")
        let failures = Self.calls - (counts["success"] ?? 0)
        #expect(failures > Self.calls / 10 && failures < Self.calls * 3 / 10, "about 20% fail: \(failures)")
        let stats = try await server.stats()
        // Every failure is a fault the server served (no retries; "slow-ok" faults still succeed).
        #expect(stats.faults >= failures, "server faults \(stats.faults), failed calls \(failures)")

        // Give libcurl's and the kernel's closes a moment, then compare. Slack: other suites
        // run in this process at the same time and open their own clients and servers; a leak
        // per failed call would show as thousands.
        let settled = await ProcessProbe.wait(upTo: 10) {
            let now = Resources()
            return now.fileDescriptors <= before.fileDescriptors + 24 && now.threads <= before.threads + 6
                && now.easyHandles <= before.easyHandles + 16
        }
        let after = Resources()
        print("faults under load: before \(before); at the end \(during); after shutdown \(after)")
        #expect(settled, "before \(before), after \(after)")
        #expect(after.fileDescriptors <= before.fileDescriptors + 24)
        #expect(after.threads <= before.threads + 6)
        #expect(after.easyHandles <= before.easyHandles + 16, "easy handles before \(before.easyHandles), after \(after.easyHandles)")
        #expect(after.residentKiB <= before.residentKiB + 64 * 1024, "RSS grew from \(before.residentKiB) KiB to \(after.residentKiB) KiB")
        #expect(elapsed < .seconds(120), "took \(elapsed)")
    }
}

/// A counter safe to bump from concurrent tasks.
final class ManagedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
