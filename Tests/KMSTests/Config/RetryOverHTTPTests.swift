import Foundation
import Testing
@testable import KMS
import CurlHTTP

/// The retry strategy driving real HTTP exchanges through a scripted transport, the way the
/// KMS call path will: send, read `__type` from a JSON error body, classify, retry.
@Suite struct RetryOverHTTPTests {
    /// One KMS-style call: sends, and turns an error answer into `ServiceFailure`.
    static func call(_ transport: any HTTPTransport, _ attempt: RetryAttempt) async throws -> HTTPResponse {
        let signingTime = Date().addingTimeInterval(attempt.clockOffset.seconds)
        let request = HTTPRequest(method: "POST", url: "http://127.0.0.1:1/", headers: [
            "X-Amz-Target": "TrentService.GenerateDataKey",
            "X-Amz-Date": String(signingTime.timeIntervalSince1970),
        ], body: Array("{}".utf8))
        let response = try await transport.execute(request)
        guard response.status == 200 else {
            struct ErrorBody: Decodable { var __type: String?; var message: String? }
            let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body))
            throw ServiceFailure(status: response.status, code: body?.__type, message: body?.message, headers: response.headers)
        }
        return response
    }

    static func json(_ status: Int, _ type: String, _ message: String = "", headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(#"{"__type": "com.amazonaws.kms#\#(type)", "message": "\#(message)"}"#.utf8))
    }

    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    @Test func throttledThenUnavailableThenResetThenOK() async throws {
        let step = Counter()
        let transport = FakeTransport { _ in
            switch step.next() {
            case 1: return Self.json(400, "ThrottlingException", "Rate exceeded")
            case 2: return HTTPResponse(status: 503, body: Array("<html>Service Unavailable</html>".utf8))
            case 3: throw HTTPClientError(code: .connectionClosed, curlCode: 56, message: "Connection reset by peer")
            default: return HTTPResponse(status: 200, body: Array("{}".utf8))
            }
        }
        let sleeper = SleepRecorder()
        let strategy = RetryStrategy(configuration: RetryConfiguration(maxAttempts: 5), sleep: { try await sleeper.sleep($0) }, random: { 1.0 })
        let response = try await strategy.run({ try await Self.call(transport, $0) }, classify: classifyForTests(Date()))
        #expect(response.status == 200)
        #expect(transport.requests.count == 4)
        #expect(sleeper.sleeps == [.seconds(1), .seconds(2), .seconds(4)])
        #expect(strategy.quota.available == 500 - 15 + 5) // three retries taken, the last one's refunded
    }

    @Test func aValidationErrorIsSentOnce() async {
        let transport = FakeTransport { _ in Self.json(400, "ValidationException", "1 validation error detected") }
        let strategy = RetryStrategy(sleep: { _ in Issue.record("must not sleep") }, random: { 0.5 })
        await #expect(throws: ServiceFailure.self) {
            try await strategy.run({ try await Self.call(transport, $0) }, classify: classifyForTests(Date()))
        }
        #expect(transport.requests.count == 1)
    }

    @Test func aServerWhoseClockIsAheadIsAnsweredWithACorrectedSignature() async throws {
        let skew: TimeInterval = 15 * 60
        let serverNow: @Sendable () -> Date = { Date().addingTimeInterval(skew) }
        let transport = FakeTransport { request in
            let signed = Double(request.headers[first: "X-Amz-Date"] ?? "") ?? 0
            let server = serverNow()
            guard abs(server.timeIntervalSince1970 - signed) < 60 else {
                var headers = HTTPHeaders()
                headers.add(name: "Date", value: Self.httpDate(server))
                return Self.json(400, "InvalidSignatureException", "Signature expired: is now earlier than (- 5 min.)", headers: headers)
            }
            return HTTPResponse(status: 200)
        }
        let strategy = RetryStrategy(sleep: { _ in Issue.record("a clock fix needs no wait") }, random: { 0.5 })
        _ = try await strategy.run({ try await Self.call(transport, $0) }, classify: { error in classifyForTests(Date())(error) })
        #expect(transport.requests.count == 2)
        let offset = strategy.clockSkew.offset
        #expect(abs(offset.seconds - skew) < 2)
    }
}
