import Foundation
import KMS
import CurlHTTP

/// One recorded or hand-written HTTP exchange with KMS, stored as one JSON file.
///
/// ```json
/// { "operation": "GenerateDataKey",
///   "request":  { "method": "POST", "path": "/",
///                 "headers": { "X-Amz-Target": "TrentService.GenerateDataKey" },
///                 "body": { "KeyId": "…", "NumberOfBytes": 32 } },
///   "response": { "status": 200, "headers": { "x-amzn-RequestId": "…" },
///                 "body": "<raw response body text>" } }
/// ```
/// The request `body` is a JSON value compared structurally; the response `body` is the raw
/// text (or `bodyBase64` for bytes that are not UTF-8). Either may be absent for an empty body.
/// Fixtures hold fake credentials and fake key material only; the recorder never writes the
/// `Authorization`, `X-Amz-Security-Token` or `X-Amz-Date` headers.
package struct Fixture: Codable, Sendable, Hashable {
    /// The KMS operation (`GenerateDataKey`), the part of `X-Amz-Target` after the dot.
    package var operation: String
    /// What the client is expected to send.
    package var request: Request
    /// What the server answers.
    package var response: Response

    /// Creates a fixture from its parts.
    package init(operation: String, request: Request, response: Response) {
        self.operation = operation
        self.request = request
        self.response = response
    }

    /// The expected request: method, path, the headers that must be present with these values,
    /// and the JSON body.
    package struct Request: Codable, Sendable, Hashable {
        /// The HTTP method, `POST` for KMS.
        package var method: String
        /// The path and query, `/` for KMS.
        package var path: String
        /// Headers the request must carry with exactly these values (names compare
        /// case-insensitively). Others may be present.
        package var headers: [String: String]?
        /// The JSON body, compared structurally (key order and spacing do not matter); nil for
        /// an empty body.
        package var body: JSON?

        /// Creates an expected request.
        package init(method: String = "POST", path: String = "/", headers: [String: String]? = nil, body: JSON? = nil) {
            self.method = method
            self.path = path
            self.headers = headers
            self.body = body
        }
    }

    /// The response to serve.
    package struct Response: Codable, Sendable, Hashable {
        /// The HTTP status.
        package var status: Int
        /// Response headers (the request id, the content type, …).
        package var headers: [String: String]?
        /// The raw body text.
        package var body: String?
        /// The raw body as base64, for bodies that are not UTF-8 text.
        package var bodyBase64: String?

        /// Creates a response.
        package init(status: Int, headers: [String: String]? = nil, body: String? = nil, bodyBase64: String? = nil) {
            self.status = status
            self.headers = headers
            self.body = body
            self.bodyBase64 = bodyBase64
        }

        /// The body bytes: `body` as UTF-8, else `bodyBase64` decoded, else empty.
        package var bodyBytes: [UInt8] {
            if let body { return Array(body.utf8) }
            if let bodyBase64, let data = Data(base64Encoded: bodyBase64) { return Array(data) }
            return []
        }

        /// The response as the transport returns it.
        package var httpResponse: HTTPResponse {
            var headers = HTTPHeaders()
            for (name, value) in (self.headers ?? [:]).sorted(by: { $0.key < $1.key }) {
                headers.add(name: name, value: value)
            }
            return HTTPResponse(status: status, headers: headers, body: bodyBytes)
        }
    }

    /// A JSON value, compared structurally (numbers as `Double`).
    package enum JSON: Codable, Sendable, Hashable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([JSON])
        case object([String: JSON])

        /// Reads any JSON value.
        package init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(Double.self) {
                self = .number(value)
            } else if let value = try? container.decode(String.self) {
                self = .string(value)
            } else if let value = try? container.decode([JSON].self) {
                self = .array(value)
            } else {
                self = .object(try container.decode([String: JSON].self))
            }
        }

        /// Writes the value back; whole numbers are written without a fraction.
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .null: try container.encodeNil()
            case .bool(let value): try container.encode(value)
            case .number(let value):
                if value == value.rounded(), abs(value) < 1e15 {
                    try container.encode(Int64(value))
                } else {
                    try container.encode(value)
                }
            case .string(let value): try container.encode(value)
            case .array(let value): try container.encode(value)
            case .object(let value): try container.encode(value)
            }
        }

        /// Parses JSON bytes; nil when they are not JSON.
        package init?(parsing bytes: [UInt8]) {
            guard let value = try? JSONDecoder().decode(JSON.self, from: Data(bytes)) else { return nil }
            self = value
        }

        /// The member of an object, nil otherwise.
        package subscript(key: String) -> JSON? {
            if case .object(let members) = self { return members[key] }
            return nil
        }

        /// The string, nil for other kinds.
        package var stringValue: String? {
            if case .string(let value) = self { return value }
            return nil
        }

        /// The number as an `Int` when it is a whole number, nil otherwise.
        package var intValue: Int? {
            if case .number(let value) = self, value == value.rounded() { return Int(value) }
            return nil
        }

        /// The Boolean, nil for other kinds.
        package var boolValue: Bool? {
            if case .bool(let value) = self { return value }
            return nil
        }

        /// The elements of an array, nil otherwise.
        package var arrayValue: [JSON]? {
            if case .array(let value) = self { return value }
            return nil
        }

        /// The members of an object, nil otherwise.
        package var objectValue: [String: JSON]? {
            if case .object(let value) = self { return value }
            return nil
        }
    }
}

extension Fixture {
    /// Headers a recorder leaves out and a replay never compares: secrets, per-request values
    /// and what the transport sets on its own.
    package static let volatileHeaders: Set<String> = [
        "authorization", "x-amz-security-token", "x-amz-date", "x-amz-content-sha256",
        "user-agent", "host", "content-length", "connection", "accept", "accept-encoding", "expect",
    ]

    /// Builds a fixture from a real exchange (the record mode), leaving out volatile and secret
    /// headers. The response body is kept as text when it is UTF-8, else as base64.
    package init(recording request: HTTPRequest, response: HTTPResponse) {
        let target = request.headers[first: "X-Amz-Target"] ?? ""
        let operation = target.split(separator: ".").last.map(String.init) ?? target
        var requestHeaders: [String: String] = [:]
        for (name, value) in request.headers where !Self.volatileHeaders.contains(name.lowercased()) {
            requestHeaders[name] = value
        }
        var responseHeaders: [String: String] = [:]
        for (name, value) in response.headers where name.lowercased().hasPrefix("x-amz") || name.lowercased() == "content-type" {
            responseHeaders[name] = value
        }
        let text = String(validating: response.body, as: UTF8.self)
        self.init(
            operation: operation,
            request: Request(
                method: request.method,
                path: Self.path(of: request.url),
                headers: requestHeaders,
                body: request.body.isEmpty ? nil : JSON(parsing: request.body)),
            response: Response(
                status: response.status,
                headers: responseHeaders,
                body: response.body.isEmpty ? nil : text,
                bodyBase64: response.body.isEmpty || text != nil ? nil : Data(response.body).base64EncodedString()))
    }

    /// The path (and query) of an absolute URL: `http://127.0.0.1:4566/?a=b` → `/?a=b`.
    package static func path(of url: String) -> String {
        guard let schemeEnd = url.firstRange(of: "://") else { return url }
        let afterScheme = url[schemeEnd.upperBound...]
        guard let slash = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        let path = String(afterScheme[slash...])
        return path.hasPrefix("?") ? "/" + path : path
    }

    /// Reads one fixture file.
    package static func load(path: String) throws -> Fixture {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(Fixture.self, from: data)
    }

    /// Reads every `*.json` fixture in a folder, sorted by file name; empty when the folder
    /// does not exist.
    package static func loadAll(directory: String) throws -> [(name: String, fixture: Fixture)] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return try names.filter { $0.hasSuffix(".json") }.sorted().map { name in
            (name: name, fixture: try load(path: directory + "/" + name))
        }
    }

    /// The fixture as pretty-printed JSON with sorted keys, as committed to the repository.
    package func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
