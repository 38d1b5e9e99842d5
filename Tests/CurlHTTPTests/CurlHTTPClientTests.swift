import Foundation
import Testing
@testable import CurlHTTP

/// Every test that runs a client against a server. Serialized, so that the thread counts some
/// of them take see only their own client, and the servers do not compete for the two cores.
@Suite(.serialized)
struct CurlHTTPClientTests {}

extension CurlHTTPClient {
    /// What the server counted, fetched with this client (over a connection it already has
    /// open, if any).
    func stats(of server: TestServer) async throws -> ServerStats {
        let response = try await execute(HTTPRequest(url: server.url("/stats")))
        return try JSONDecoder().decode(ServerStats.self, from: Data(response.body))
    }

    /// Runs `body` with a new client and shuts the client down afterwards.
    @discardableResult
    static func with<Result>(_ configuration: Configuration = Configuration(),
                             _ body: (CurlHTTPClient) async throws -> Result) async throws -> Result {
        let client = CurlHTTPClient(configuration: configuration)
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }
}

extension CurlHTTPClient.Configuration {
    /// The defaults, with no proxy (the environment may name one) and `changes` applied.
    static func testing(_ changes: (inout Self) -> Void = { _ in }) -> Self {
        var configuration = Self()
        configuration.proxy = .disabled
        changes(&configuration)
        return configuration
    }
}

extension HTTPResponse {
    /// The request headers the echo server saw, as "name: value", in order.
    var echoedHeaders: [String] { headers["X-Echo-Header"] }
}
