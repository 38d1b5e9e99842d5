// Stand-ins for the public names that SwiftNIO's NIOHTTP1 and AsyncHTTPClient declare, which a
// Vapor or AsyncHTTPClient user's file sees beside `import KMS`. Building those packages here
// would take minutes; these declarations make the same names visible at the same (module)
// level, so a module we export that declares one makes `NameClashTests` ambiguous and stops
// it compiling, as it would in the user's file.

/// NIOHTTP1's header list.
public struct HTTPHeaders: Sendable, Equatable {
    /// Name/value pairs in order.
    public var pairs: [(String, String)] { storage.map { ($0.name, $0.value) } }
    private var storage: [Pair] = []
    private struct Pair: Sendable, Equatable { var name: String; var value: String }

    /// No headers.
    public init() {}

    /// Appends one header.
    public mutating func add(name: String, value: String) { storage.append(Pair(name: name, value: value)) }

    /// Every value of `name`, compared without case.
    public subscript(name: String) -> [String] {
        storage.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }
}

/// NIOHTTP1's request method.
public enum HTTPMethod: Sendable, Equatable { case GET, POST }

/// NIOHTTP1's protocol version.
public struct HTTPVersion: Sendable, Equatable {
    /// HTTP/1.1.
    public static let http1_1 = HTTPVersion()
}

/// NIOHTTP1's response status.
public enum HTTPResponseStatus: Sendable, Equatable { case ok, badGateway }

/// AsyncHTTPClient's error type.
public struct HTTPClientError: Error, Sendable, Equatable {
    /// What went wrong.
    public let reason: String
    /// AsyncHTTPClient's error when a remote closed the connection.
    public static let remoteConnectionClosed = HTTPClientError(reason: "remote connection closed")
}

/// AsyncHTTPClient's client.
public final class HTTPClient: Sendable {
    /// AsyncHTTPClient's shared client.
    public static let shared = HTTPClient()
}
