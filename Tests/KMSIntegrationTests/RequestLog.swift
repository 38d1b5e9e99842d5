import Foundation
import KMS
import KMSTestSupport
import CurlHTTP

/// A transport wrapper that notes each request's operation and JSON body, so a test can check
/// what the client sent as well as what it made of the answer.
final class RequestLog: HTTPTransport, @unchecked Sendable {
    /// One request as sent.
    struct Entry: Sendable {
        var operation: String
        var body: Fixture.JSON?
    }

    private let base: any HTTPTransport
    private let lock = NSLock()
    private var recorded: [Entry] = []

    init(wrapping base: any HTTPTransport) {
        self.base = base
    }

    /// The requests sent so far, in order.
    var entries: [Entry] { lock.withLock { recorded } }

    func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let target = request.headers[first: "X-Amz-Target"] ?? ""
        let entry = Entry(operation: target.split(separator: ".").last.map(String.init) ?? target, body: Fixture.JSON(parsing: request.body))
        lock.withLock { recorded.append(entry) }
        return try await base.execute(request)
    }
}
