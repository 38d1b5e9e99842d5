#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CurlHTTP

/// The HTTP plumbing the network credential sources share: a hard time limit on every request
/// whatever the transport does, and transport failures turned into `CredentialProviderError`.
enum CredentialHTTP {
    /// Sends `request`, giving up after `timeout`. Cancellation passes through untouched.
    static func send(_ request: HTTPRequest, over transport: any HTTPTransport, timeout: Duration, source: String) async throws -> HTTPResponse {
        do {
            return try await withTimeout(timeout) { try await transport.execute(request) }
        } catch let error as HTTPClientError {
            if error.code == .cancelled { throw CancellationError() }
            throw CredentialProviderError.make(.unreachable, source, "\(request.method) \(redactedURL(request.url)) failed: \(error.code)")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw CredentialProviderError.make(.unreachable, source, "\(request.method) \(redactedURL(request.url)) failed")
        }
    }

    /// Runs `operation`, throwing `HTTPClientError.timeout` when it takes longer than `timeout`.
    static func withTimeout<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw HTTPClientError(code: .timeout, message: "no answer within \(timeout)")
            }
            defer { group.cancelAll() }
            guard let result = try await group.next() else { throw CancellationError() }
            return result
        }
    }

    /// The URL without its query, which might carry something private.
    static func redactedURL(_ url: String) -> String {
        String(url.prefix { $0 != "?" })
    }

    /// Decodes the JSON bodies metadata services answer with.
    static func decodeJSON<T: Decodable>(_ type: T.Type, from body: [UInt8]) -> T? {
        try? JSONDecoder().decode(type, from: Data(body))
    }
}

/// A chain entry for a source whose settings are absent or wrong: it only reports why.
struct UnavailableCredentialProvider: ExpiringCredentialProvider {
    let error: CredentialProviderError
    func expiringCredentials() async throws -> ExpiringCredentials { throw error }
}
