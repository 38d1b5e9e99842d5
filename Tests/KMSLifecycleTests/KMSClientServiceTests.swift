// Built with the package's ServiceLifecycleSupport trait (as `make test` does); empty otherwise.
#if ServiceLifecycleSupport
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import KMS
import KMSTesting

/// `KMSClient` as a swift-service-lifecycle `Service`, in a real `ServiceGroup`, against the
/// in-memory KMS answering slowly so that calls are in flight when shutdown comes.
@Suite struct KMSClientServiceTests {
    static let logger = Logger(label: "kms-lifecycle-tests")

    @Test("graceful shutdown of the group: calls in flight finish, calls after it fail with clientShutDown")
    func gracefulShutdownInGroup() async throws {
        let kms = InMemoryKMS(latency: .milliseconds(400))
        let keyArn = kms.createKey()
        let client = try kms.client()
        let group = ServiceGroup(services: [client], logger: Self.logger)
        let finished = Tally()

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            for _ in 0..<4 {
                tasks.addTask { () async throws in
                    #expect(try await client.generateDataKey(id: keyArn).plaintextBytes.count == 32)
                    finished.add()
                }
            }
            while kms.count("GenerateDataKey") < 4 { try await Task.sleep(for: .milliseconds(5)) }
            await group.triggerGracefulShutdown()
            while !client.lifecycle.isShutDown { try await Task.sleep(for: .milliseconds(1)) }

            await #expect { try await client.generateDataKey(id: keyArn) } throws: {
                ($0 as? KMSError)?.code == .clientShutDown
            }
            #expect(finished.count == 0, "the calls in flight are still running")
            try await tasks.waitForAll()
        }
        #expect(finished.count == 4, "every call in flight finished, successfully")
        #expect(kms.count("GenerateDataKey") == 4, "the refused call was never sent")
    }

    /// Counts events across tasks.
    final class Tally: Sendable {
        private let value = Mutex(0)
        func add() { value.withLock { $0 += 1 } }
        var count: Int { value.withLock { $0 } }
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
        let kms = InMemoryKMS(latency: .milliseconds(50))
        let keyArn = kms.createKey()
        let client = try kms.client()
        let flusher = Flusher(client: client, keyArn: keyArn)
        let group = ServiceGroup(services: [client, flusher], logger: Self.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(50))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(flusher.flushed.withLock { $0 }, "the flush on shutdown went through")
        #expect(kms.count("Encrypt") == 1)
        #expect(client.lifecycle.isShutDown)
    }

    @Test("cancelling the group refuses new calls at once and does not wait for those in flight")
    func cancelledGroup() async throws {
        let kms = InMemoryKMS(latency: .seconds(2))
        let keyArn = kms.createKey()
        let client = try kms.client()
        let group = ServiceGroup(services: [client], logger: Self.logger)
        let run = Task { try await group.run() }
        let slow = Task { try await client.encrypt(keyId: keyArn, plaintext: [1]) }
        while kms.count("Encrypt") < 1 { try await Task.sleep(for: .milliseconds(5)) }
        let started = ContinuousClock.now
        run.cancel()
        _ = await run.result
        #expect(ContinuousClock.now - started < .seconds(1), "the group ended without waiting for the slow call")
        await #expect { try await client.encrypt(keyId: keyArn, plaintext: [2]) } throws: {
            ($0 as? KMSError)?.code == .clientShutDown
        }
        slow.cancel()
        _ = await slow.result
    }
}
#endif
