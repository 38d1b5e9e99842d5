import Testing

@testable import KMS
import KMSTestSupport
import CurlHTTP

@Suite("KMSClient owns only the HTTP client it creates")
struct KMSClientLifecycleTests {
    @Test("a client with its own HTTP client refuses calls once shut down, without sending")
    func ownHTTPClient() async throws {
        var config = try Fake.config()
        config.timeout = 2
        config.connectTimeout = 1
        let client = KMSClient(config: config)
        await client.shutdown()
        await client.shutdown()  // idempotent
        await #expect(throws: HTTPClientError.shutDown) { try await client.listKeys() }
    }

    @Test("a given transport is left running after shutdown")
    func givenTransport() async throws {
        let (client, transport) = try replayClient([try fixture("ListKeys/empty")])
        await client.shutdown()
        #expect(try await client.listKeys().isEmpty)
        expectWellFormedRequests(transport, operations: ["ListKeys"])
    }

    @Test("the client keeps the configuration it was given")
    func keepsConfig() throws {
        let config = try Fake.config()
        let (client, _) = try replayClient([], config: config)
        #expect(client.config.region == config.region)
        #expect(client.config.endpoint == config.endpoint)
    }
}
