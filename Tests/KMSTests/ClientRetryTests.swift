import Foundation
import Testing

@testable import KMS
import KMSTestSupport

/// The client's call path inside the retry loop: what is retried, how often, and with what
/// signature. The strategy itself is specified in `Config/RetryTests.swift`.
@Suite("KMSClient retries the way the SDKs' standard mode does")
struct ClientRetryTests {
    /// Records the waits instead of sleeping them.
    final class Sleeps: @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [Duration] = []
        var all: [Duration] { lock.withLock { recorded } }
        func record(_ delay: Duration) { lock.withLock { recorded.append(delay) } }
    }

    func client(_ fixtures: [Fixture], maxAttempts: Int = 3) throws -> (KMSClient, ReplayTransport, Sleeps) {
        var config = try Fake.config()
        config.retry = RetryConfiguration(maxAttempts: maxAttempts)
        let sleeps = Sleeps()
        let strategy = RetryStrategy(configuration: config.retry, sleep: { sleeps.record($0) }, random: { 0.5 })
        let transport = ReplayTransport(fixtures) { Issue.record(Comment(rawValue: $0)) }
        return (KMSClient(config: config, transport: transport, logger: nil, retry: strategy), transport, sleeps)
    }

    func error(_ name: String) throws -> Fixture { try fixture("errors/json-namespaced/\(name)") }

    @Test("throttling, then success: two requests, one backoff, the data key returned", arguments: [
        "ThrottlingException", "KMSInternalException", "DependencyTimeoutException", "KeyUnavailableException",
    ])
    func retriedThenSucceeds(code: String) async throws {
        let (client, transport, sleeps) = try client([try error(code), try fixture("GenerateDataKey/number-of-bytes-32")])
        let key = try await client.generateDataKey(id: "alias/fixture-key", size: 32)
        #expect(key.plaintext == Fake.plaintext32Base64)
        #expect(transport.requests.count == 2)
        #expect(sleeps.all == [.milliseconds(500)])  // full jitter: 0.5 × 1 s × 2⁰
    }

    @Test("every attempt fails: three requests, then the service's typed error")
    func attemptsRunOut() async throws {
        let throttled = try error("ThrottlingException")
        let (client, transport, sleeps) = try client([throttled, throttled, throttled])
        await #expect(throws: KMSError.self) {
            _ = try await client.generateDataKey(id: "alias/fixture-key", size: 32)
        }
        #expect(transport.requests.count == 3)
        #expect(sleeps.all == [.milliseconds(500), .milliseconds(1000)])
        do {
            _ = try await self.client([throttled], maxAttempts: 1).0.generateDataKey(id: "alias/fixture-key", size: 32)
        } catch let error as KMSError {
            #expect(error.code == .throttling)
            #expect(error.requestId == "err-ns-14")
        }
    }

    @Test("errors that retrying cannot fix fail on the first attempt", arguments: [
        "NotFoundException", "ValidationException", "AccessDeniedException", "InvalidSignatureException",
        "DisabledException", "InvalidCiphertextException",
    ])
    func notRetried(code: String) async throws {
        let (client, transport, sleeps) = try client([try error(code)])
        await #expect(throws: KMSError.self) {
            _ = try await client.generateDataKey(id: "alias/fixture-key", size: 32)
        }
        #expect(transport.requests.count == 1)
        #expect(sleeps.all.isEmpty)
    }

    @Test("a clock-skew answer is retried at once, signed with the server's clock")
    func clockSkew() async throws {
        var skewed = try error("InvalidSignatureException")
        skewed.response.body = #"{"__type":"InvalidSignatureException","message":"Signature expired: 20200101T000000Z is now earlier than 20200101T000500Z"}"#
        skewed.response.headers?["Date"] = "Wed, 01 Jan 2020 00:05:00 GMT"
        let (client, transport, sleeps) = try client([skewed, try fixture("GenerateDataKey/number-of-bytes-32")])
        _ = try await client.generateDataKey(id: "alias/fixture-key", size: 32)
        #expect(transport.requests.count == 2)
        #expect(sleeps.all.isEmpty)
        let dates = transport.requests.map { $0.headers[first: "X-Amz-Date"] }
        #expect(dates[0]?.hasPrefix("2020") == false)
        #expect(dates[1]?.hasPrefix("20200101T0005") == true, "\(dates)")
    }
}
