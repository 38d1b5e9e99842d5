import Foundation
import KMS
import CurlHTTP
import Locking

/// An ``HTTPTransport`` that serves fixtures in order instead of using the network, and keeps
/// every request it was sent for the test to inspect.
///
/// Each request is checked against the next fixture: method, path, the fixture's headers
/// (except ``Fixture/volatileHeaders``) and the JSON body, structurally. A request that does
/// not match, or comes when no fixture is left, is reported to `onMismatch` (pass
/// `{ Issue.record(Comment(rawValue: $0)) }` to fail a Swift Testing test), remembered in
/// ``mismatches``, and answered by throwing ``Mismatch``.
package final class ReplayTransport: HTTPTransport, Sendable {
    private struct State {
        var queue: [Fixture]
        var received: [HTTPRequest] = []
        var failures: [String] = []
    }

    private let state: LockedValue<State>
    private let onMismatch: @Sendable (String) -> Void

    /// Why a request was refused.
    package struct Mismatch: Error, CustomStringConvertible {
        /// What differed, naming the operation.
        package var description: String
    }

    /// Serves `fixtures` in order.
    package init(_ fixtures: [Fixture], onMismatch: @escaping @Sendable (String) -> Void = { _ in }) {
        self.state = LockedValue(State(queue: fixtures))
        self.onMismatch = onMismatch
    }

    /// Every request received, in order.
    package var requests: [HTTPRequest] { state.withLock { $0.received } }

    /// How many fixtures have not been asked for yet.
    package var remaining: Int { state.withLock { $0.queue.count } }

    /// Every mismatch seen so far.
    package var mismatches: [String] { state.withLock { $0.failures } }

    /// Checks the request against the next fixture and answers with its response, or throws ``Mismatch``.
    package func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let outcome: Result<HTTPResponse, Mismatch> = state.withLock { state in
            state.received.append(request)
            guard !state.queue.isEmpty else {
                return .failure(Mismatch(description: "unexpected request \(request.headers[first: "X-Amz-Target"] ?? request.method): no fixture left"))
            }
            let fixture = state.queue.removeFirst()
            if let problem = Self.compare(request, with: fixture) {
                return .failure(Mismatch(description: "\(fixture.operation): \(problem)"))
            }
            return .success(fixture.response.httpResponse)
        }
        switch outcome {
        case .success(let response):
            return response
        case .failure(let mismatch):
            state.withLock { $0.failures.append(mismatch.description) }
            onMismatch(mismatch.description)
            throw mismatch
        }
    }

    /// Nil when `request` matches what `fixture` expects, else what differs.
    package static func compare(_ request: HTTPRequest, with fixture: Fixture) -> String? {
        let expected = fixture.request
        if request.method != expected.method {
            return "method \(request.method), expected \(expected.method)"
        }
        let path = Fixture.path(of: request.url)
        if path != expected.path {
            return "path \(path), expected \(expected.path)"
        }
        for (name, value) in expected.headers ?? [:] where !Fixture.volatileHeaders.contains(name.lowercased()) {
            let actual = request.headers[name]
            if actual != [value] {
                return "header \(name) is \(actual), expected [\(value)]"
            }
        }
        switch expected.body {
        case nil:
            if !request.body.isEmpty { return "body of \(request.body.count) bytes, expected none" }
        case let body?:
            guard let actual = Fixture.JSON(parsing: request.body) else {
                return "body is not JSON"
            }
            if actual != body {
                return "body differs from the fixture's (keys sent: \(actual.objectValue.map { $0.keys.sorted() } ?? []))"
            }
        }
        return nil
    }
}
