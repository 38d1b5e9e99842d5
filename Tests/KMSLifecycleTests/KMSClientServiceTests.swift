// Built with the package's ServiceLifecycleSupport trait (as `make test` does); empty otherwise.
#if ServiceLifecycleSupport
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import KMS
import KMSTesting
import KMSTestSupport

/// `KMSClient` as a swift-service-lifecycle `Service`, in a real `ServiceGroup`, against the
/// in-memory KMS answering slowly so that calls are in flight when shutdown comes.
@Suite struct KMSClientServiceTests {
    static let logger = Logger(label: "kms-lifecycle-tests")

    @Test("graceful shutdown of the group: calls in flight finish, calls after it fail with clientShutDown")
    func gracefulShutdownInGroup() async throws {
        let kms = InMemoryKMS()
        let keyArn = kms.createKey()
        // Requests wait here until released: four calls stay in flight through the shutdown.
        let held = HeldTransport(kms)
        defer { held.release() }
        let client = KMSClient(config: try kms.config(), transport: held)
        let probe = Probe()
        let group = ServiceGroup(services: [client, probe], logger: Self.logger)
        let finished = Tally()
        let groupEnded = Tally()

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { () async throws in
                try await group.run()
                groupEnded.add()
            }
            for _ in 0..<4 {
                tasks.addTask { () async throws in
                    #expect(try await client.generateDataKey(id: keyArn).plaintextBytes.count == 32)
                    finished.add()
                }
            }
            while held.arrived < 4 { try await Task.sleep(for: .milliseconds(5)) }
            try await probe.waitUntilStarted()
            await group.triggerGracefulShutdown()
            while !client.lifecycle.isShutDown { try await Task.sleep(for: .milliseconds(1)) }

            await #expect { try await client.generateDataKey(id: keyArn) } throws: {
                ($0 as? KMSError)?.code == .clientShutDown
            }
            #expect(held.arrived == 4, "the refused call never reached the transport")
            #expect(groupEnded.count == 0, "the group waits for the calls in flight")
            #expect(finished.count == 0)

            held.release()
            try await tasks.waitForAll()
        }
        #expect(finished.count == 4, "every call in flight finished, successfully")
        #expect(groupEnded.count == 1)
        #expect(kms.count("GenerateDataKey") == 4)
    }

    /// Counts events across tasks.
    final class Tally: Sendable {
        private let value = Mutex(0)
        func add() { value.withLock { $0 += 1 } }
        var count: Int { value.withLock { $0 } }
    }

    /// A service that says when the group has started it, then waits for the group's shutdown:
    /// tests trigger shutdown only once the group runs (a shutdown asked of a group that has not
    /// started yet ends it without running any service).
    final class Probe: Service {
        let started = Tally()

        func run() async throws {
            started.add()
            try? await gracefulShutdown()
        }

        func waitUntilStarted() async throws {
            while started.count == 0 { try await Task.sleep(for: .milliseconds(2)) }
        }
    }

    /// A service that, on graceful shutdown, still has one KMS call to make (a flush).
    final class Flusher: Service {
        let client: KMSClient
        let keyArn: String
        let flushed = Mutex(false)

        init(client: KMSClient, keyArn: String) {
            self.client = client
            self.keyArn = keyArn
        }

        func run() async throws {
            try? await gracefulShutdown()
            _ = try await client.encrypt(keyId: keyArn, plaintext: Array("last batch".utf8))
            flushed.withLock { $0 = true }
        }
    }

    @Test("listed before the services that use it, the client shuts down after them")
    func shutsDownLast() async throws {
        let kms = InMemoryKMS()
        let keyArn = kms.createKey()
        let client = try kms.client()
        let flusher = Flusher(client: client, keyArn: keyArn)
        let probe = Probe()
        let group = ServiceGroup(services: [client, flusher, probe], logger: Self.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await probe.waitUntilStarted()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(flusher.flushed.withLock { $0 }, "the flush on shutdown went through")
        #expect(kms.count("Encrypt") == 1)
        #expect(client.lifecycle.isShutDown)
    }

    @Test("cancelling the group refuses new calls at once and does not wait for those in flight")
    func cancelledGroup() async throws {
        let kms = InMemoryKMS()
        let keyArn = kms.createKey()
        let held = HeldTransport(kms)
        let client = KMSClient(config: try kms.config(), transport: held)
        let probe = Probe()
        let group = ServiceGroup(services: [client, probe], logger: Self.logger)
        let run = Task { try await group.run() }
        let slow = Task { try await client.encrypt(keyId: keyArn, plaintext: [1]) }
        while held.arrived < 1 { try await Task.sleep(for: .milliseconds(5)) }
        try await probe.waitUntilStarted()
        run.cancel()
        _ = await run.result
        #expect(client.lifecycle.callsInFlight == 1, "the group ended with the call still in flight")
        await #expect { try await client.encrypt(keyId: keyArn, plaintext: [2]) } throws: {
            ($0 as? KMSError)?.code == .clientShutDown
        }
        held.release()
        #expect(try await slow.value.keyId == keyArn, "the call in flight was left to finish")
    }
}
#endif
