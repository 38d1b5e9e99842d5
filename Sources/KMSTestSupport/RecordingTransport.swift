import Foundation
import KMS

/// An `HTTPTransport` that passes every request to a real transport and writes each exchange
/// as a redacted fixture file, so unit tests can replay what a real server said.
///
/// One JSON file per exchange, named `<Operation>[-<label>][-<n>].json` (n counts repeats of
/// the same name within this recorder), in the fixture format `ReplayTransport` reads:
/// `operation`, `request {method, path, headers, body}` with the body as a JSON object, and
/// `response {status, headers, body}` with the body as the raw text received.
///
/// Redaction, so no fixture ever holds a secret:
/// - request headers `Authorization`, `X-Amz-Security-Token`, `X-Amz-Date` are dropped, and
///   `Host` and `Content-Length` (which change from run to run) too;
/// - every `Plaintext` value in a request or response body becomes a fake of the same decoded
///   length, bytes 0x00, 0x01, 0x02, …;
/// - every access key id (`AKIA…`, `ASIA…`) anywhere becomes `AKIAIOSFODNN7EXAMPLE`.
public final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    /// The access key id AWS documents as an example; it stands in for every recorded one.
    public static let exampleAccessKeyId = "AKIAIOSFODNN7EXAMPLE"

    private let base: any HTTPTransport
    private let directory: URL
    private let label: String?
    // How many files each name has had; guarded by `lock` (NSLock, not Mutex: macOS 13 has no Mutex).
    private let lock = NSLock()
    private var counts: [String: Int] = [:]

    /// Records exchanges through `transport` into `directory` (created if missing).
    ///
    /// - Parameter label: added to every file name, to tell cases of one operation apart
    ///   (`notFound` gives `Decrypt-notFound.json`).
    public init(wrapping transport: any HTTPTransport, directory: URL, label: String? = nil) {
        self.base = transport
        self.directory = directory
        self.label = label
    }

    /// The files written so far, in order.
    public var files: [URL] {
        lock.withLock {
            counts.keys.sorted().flatMap { name in
                (1...counts[name, default: 0]).map { directory.appendingPathComponent(Self.fileName(name, $0)) }
            }
        }
    }

    /// Sends the request through the wrapped transport, writes the exchange, returns the
    /// response unchanged. Transport errors are passed on and nothing is written.
    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await base.execute(request)
        try write(request: request, response: response)
        return response
    }

    private func write(request: HTTPRequest, response: HTTPResponse) throws {
        let operation = Self.operation(of: request)
        let name = [operation, label].compactMap { $0 }.joined(separator: "-")
        let number = lock.withLock {
            counts[name, default: 0] += 1
            return counts[name, default: 0]
        }
        let fixture: [String: Any] = [
            "operation": operation,
            "request": [
                "method": request.method,
                "path": Self.path(of: request.url),
                "headers": Self.headers(request.headers, dropping: Self.droppedRequestHeaders),
                "body": try Self.requestBody(request.body),
            ] as [String: Any],
            "response": [
                "status": response.status,
                "headers": Self.headers(response.headers, dropping: Self.droppedResponseHeaders),
                "body": Self.redact(text: String(decoding: response.body, as: UTF8.self)),
            ] as [String: Any],
        ]
        let data = try JSONSerialization.data(withJSONObject: fixture, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try (data + Data("\n".utf8)).write(to: directory.appendingPathComponent(Self.fileName(name, number)), options: .atomic)
    }

    private static let droppedRequestHeaders: Set<String> = [
        "authorization", "x-amz-security-token", "x-amz-date", "host", "content-length",
    ]
    private static let droppedResponseHeaders: Set<String> = ["date", "server", "content-length"]

    private static func fileName(_ name: String, _ number: Int) -> String {
        number == 1 ? "\(name).json" : "\(name)-\(number).json"
    }

    /// `TrentService.GenerateDataKey` gives `GenerateDataKey`; no target gives `Unknown`.
    static func operation(of request: HTTPRequest) -> String {
        guard let target = request.headers[first: "X-Amz-Target"] else { return "Unknown" }
        return target.split(separator: ".").last.map(String.init) ?? target
    }

    /// The path of an absolute URL (`/` when it has none), without its query.
    static func path(of url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let afterAuthority = url[scheme.upperBound...].drop { $0 != "/" }
        let path = afterAuthority.prefix { $0 != "?" }
        return path.isEmpty ? "/" : String(path)
    }

    private static func headers(_ headers: HTTPHeaders, dropping dropped: Set<String>) -> [String: String] {
        var result: [String: String] = [:]
        for field in headers where !dropped.contains(field.name.lowercased()) {
            let value = redact(text: field.value)
            result[field.name] = result[field.name].map { "\($0), \(value)" } ?? value
        }
        return result
    }

    /// The request body as a JSON object with secrets replaced; a body that is not JSON is
    /// kept as (redacted) text.
    private static func requestBody(_ body: [UInt8]) throws -> Any {
        if body.isEmpty { return [String: Any]() }
        let redacted = redact(text: String(decoding: body, as: UTF8.self))
        if let object = try? JSONSerialization.jsonObject(with: Data(redacted.utf8)) {
            return object
        }
        return redacted
    }

    /// Replaces access key ids and `Plaintext` values in any text, leaving the rest as it was.
    static func redact(text: String) -> String {
        var text = text.replacing(accessKeyIdPattern) { _ in exampleAccessKeyId }
        text = text.replacing(plaintextPattern) { match in
            let (_, prefix, value) = match.output
            return prefix + fakeBase64(sameDecodedLengthAs: value.replacing("\\/", with: "/"))
        }
        return text
    }

    /// Base64 of bytes 0x00, 0x01, … as many as `value` decodes to.
    static func fakeBase64(sameDecodedLengthAs value: some StringProtocol) -> String {
        let unpadded = value.filter { $0 != "=" }.count
        let length = unpadded * 3 / 4
        return Data((0..<length).map { UInt8(truncatingIfNeeded: $0) }).base64EncodedString()
    }

    nonisolated(unsafe) private static let accessKeyIdPattern = /(?:AKIA|ASIA)[A-Z0-9]{16}/
    nonisolated(unsafe) private static let plaintextPattern = /("Plaintext"\s*:\s*")((?:[A-Za-z0-9+\/=]|\\\/)*)/
}
