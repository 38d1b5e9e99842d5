import Synchronization
import Testing

@testable import KMS
import KMSTestSupport
import KMSTesting
import CurlHTTP

@Suite("KMSClient shuts down gracefully and never stops a transport it shares")
struct KMSClientLifecycleTests {
    @Test("a shut-down client refuses calls with clientShutDown, without sending")
    func refusesAfterShutdown() async throws {
        let kms = InMemoryKMS()
        let keyArn = kms.createKey()
        let client = try kms.client()
        await client.shutdown()
        await client.shutdown()  // idempotent
        await #expect { try await client.encrypt(keyId: keyArn, plaintext: [1, 2, 3]) } throws: {
            let error = $0 as? KMSError
            return error?.code == .clientShutDown && error?.operation == "Encrypt" && error?.status == nil
        }
        #expect(kms.calls.isEmpty, "nothing reached the transport")

        // The same on the shared transport: refused before anything is sent.
        var config = try Fake.config()
        config.timeout = .seconds(2)
        let shared = KMSClient(config: config)
        await shared.shutdown()
        await #expect { try await shared.listKeys() } throws: { ($0 as? KMSError)?.code == .clientShutDown }
    }

    /// A client whose requests wait for `held.release()` before the in-memory KMS answers.
    static func heldClient() throws -> (KMSClient, HeldTransport, InMemoryKMS, String) {
        let kms = InMemoryKMS()
        let keyArn = kms.createKey()
        let held = HeldTransport(kms)
        return (KMSClient(config: try kms.config(), transport: held), held, kms, keyArn)
    }

    @Test("shutdown waits for the calls in flight, which succeed, and refuses the ones after")
    func gracefulShutdown() async throws {
        let (client, held, kms, keyArn) = try Self.heldClient()
        defer { held.release() }
        let finished = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<5 {
                group.addTask { () async throws in
                    #expect(try await client.generateDataKey(id: keyArn).plaintextBytes.count == 32)
                    _ = finished.next()
                }
            }
            while held.arrived < 5 { try await Task.sleep(for: .milliseconds(5)) }
            #expect(client.lifecycle.callsInFlight == 5)

            let shutdown = Task { await client.shutdown() }
            while !client.lifecycle.isShutDown { try await Task.sleep(for: .milliseconds(1)) }
            await #expect { try await client.generateDataKey(id: keyArn) } throws: { ($0 as? KMSError)?.code == .clientShutDown }
            #expect(held.arrived == 5, "the refused call never reached the transport")
            #expect(finished.value == 0)

            held.release()
            await shutdown.value
            #expect(finished.value == 5, "shutdown returned only once every call in flight had finished")
            try await group.waitForAll()
        }
        #expect(kms.count("GenerateDataKey") == 5)
    }

    @Test("cancelling the task that waits in shutdown stops the wait, not the call")
    func cancelledShutdown() async throws {
        let (client, held, _, keyArn) = try Self.heldClient()
        let inFlight = Task { try await client.encrypt(keyId: keyArn, plaintext: [7]) }
        while held.arrived < 1 { try await Task.sleep(for: .milliseconds(5)) }
        let shutdown = Task { await client.shutdown() }
        while !client.lifecycle.isShutDown { try await Task.sleep(for: .milliseconds(1)) }
        shutdown.cancel()
        await shutdown.value
        #expect(client.lifecycle.callsInFlight == 1, "shutdown returned with the call still held")
        held.release()
        #expect(try await inFlight.value.keyId == keyArn)
        #expect(client.lifecycle.callsInFlight == 0)
    }

    @Test("a given transport is left running after shutdown")
    func givenTransport() async throws {
        let (client, transport) = try replayClient([try fixture("ListKeys/empty")])
        await client.shutdown()
        await #expect { try await client.listKeys() } throws: { ($0 as? KMSError)?.code == .clientShutDown }
        let next = KMSClient(config: client.config, transport: transport)
        #expect(try await next.listKeys().isEmpty)
        expectWellFormedRequests(transport, operations: ["ListKeys"])
    }

    @Test("withKMSClient shuts the client down after its body, also when the body throws")
    func scoped() async throws {
        let kms = InMemoryKMS()
        let keyArn = kms.createKey()
        let config = try kms.config()
        let (escaped, id) = try await withKMSClient(config: config, transport: kms) { client in
            (client, try await client.generateDataKey(id: keyArn).id)
        }
        #expect(id == keyArn)
        #expect(escaped.lifecycle.isShutDown)
        await #expect { try await escaped.listKeys() } throws: { ($0 as? KMSError)?.code == .clientShutDown }

        struct BodyFailed: Error, Equatable {}
        final class Captured: Sendable { let client = Mutex<KMSClient?>(nil) }
        let captured = Captured()
        await #expect(throws: BodyFailed()) {
            try await withKMSClient(config: config, transport: kms) { client throws(BodyFailed) in
                captured.client.withLock { $0 = client }
                throw BodyFailed()
            }
        }
        #expect(captured.client.withLock { $0 }?.lifecycle.isShutDown == true)
    }

    @Test("clients of equal HTTP settings share one HTTP client, released with the last of them")
    func sharedTransport() async throws {
        var config = try Fake.config()
        config.timeout = .seconds(41.5)  // settings no other test uses
        var clients = (0..<8).map { _ in KMSClient(config: config) }
        let transports = clients.map { ObjectIdentifier($0.callPath.transport as AnyObject) }
        #expect(Set(transports).count == 1)
        weak let shared = clients[0].callPath.transport as? CurlHTTPClient
        #expect(shared != nil && shared === SharedTransport.client(for: config.httpConfiguration))

        var other = config
        other.timeout = .seconds(42.5)
        #expect(ObjectIdentifier(KMSClient(config: other).callPath.transport as AnyObject) != transports[0])

        // Shutting clients down leaves the transport to the others; the last one gone releases it.
        await clients[0].shutdown()
        #expect(shared != nil)
        clients.removeAll()
        #expect(shared == nil, "no client holds it, so nothing does")
    }

    @Test("the client keeps the configuration it was given")
    func keepsConfig() throws {
        let config = try Fake.config()
        let (client, _) = try replayClient([], config: config)
        #expect(client.config.region == config.region)
        #expect(client.config.endpoint == config.endpoint)
    }
}
