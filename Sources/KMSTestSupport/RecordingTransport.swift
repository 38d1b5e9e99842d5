import Foundation
import KMS
import CurlHTTP
import Locking

/// An `HTTPTransport` that passes every request to a real transport and writes each exchange
/// as a redacted fixture file, so unit tests can replay what a real server said.
///
/// One `Fixture` file per exchange (the format `ReplayTransport` reads), named
/// `<Operation>[-<label>][-<n>].json`, where n counts repeats of one name within this recorder.
///
/// Redaction, so no fixture ever holds a secret:
/// - request headers `Authorization`, `X-Amz-Security-Token`, `X-Amz-Date` are dropped, with
///   the other headers that change from run to run (`Fixture.volatileHeaders`);
/// - every `Plaintext` value in a request or response body becomes a fake of the same decoded
///   length, bytes 0x00, 0x01, 0x02, …;
/// - every access key id (`AKIA…`, `ASIA…`) anywhere becomes `AKIAIOSFODNN7EXAMPLE`.
package final class RecordingTransport: HTTPTransport, Sendable {
    /// The access key id AWS documents as an example; it stands in for every recorded one.
    package static let exampleAccessKeyId = "AKIAIOSFODNN7EXAMPLE"

    private let base: any HTTPTransport
    private let directory: URL
    private let label: String?
    /// How many files each name has had.
    private let counts = LockedValue<[String: Int]>([:])

    /// Records exchanges through `transport` into `directory` (created if missing).
    ///
    /// - Parameter label: added to every file name, to tell cases of one operation apart
    ///   (`notFound` gives `Decrypt-notFound.json`).
    package init(wrapping transport: any HTTPTransport, directory: URL, label: String? = nil) {
        self.base = transport
        self.directory = directory
        self.label = label
    }

    /// The files written so far, sorted by name.
    package var files: [URL] {
        counts.withLock { counts in
            counts.keys.sorted().flatMap { name in
                (1...max(1, counts[name, default: 0])).map { directory.appendingPathComponent(Self.fileName(name, $0)) }
            }
        }
    }

    /// Sends the request through the wrapped transport, writes the exchange, returns the
    /// response unchanged. Transport errors are passed on and nothing is written.
    package func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await base.execute(request)
        try write(request: request, response: response)
        return response
    }

    private func write(request: HTTPRequest, response: HTTPResponse) throws {
        let fixture = Self.redacted(Fixture(recording: request, response: response))
        let name = [fixture.operation.isEmpty ? "Unknown" : fixture.operation, label].compactMap { $0 }.joined(separator: "-")
        let number = counts.withLock { counts in
            counts[name, default: 0] += 1
            return counts[name, default: 0]
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try (fixture.encoded() + Data("\n".utf8)).write(to: directory.appendingPathComponent(Self.fileName(name, number)), options: .atomic)
    }

    private static func fileName(_ name: String, _ number: Int) -> String {
        number == 1 ? "\(name).json" : "\(name)-\(number).json"
    }

    /// The fixture with no secret left: `Fixture(recording:response:)` already leaves out the
    /// signature, token and date headers; this replaces plaintexts and access key ids.
    static func redacted(_ fixture: Fixture) -> Fixture {
        var fixture = fixture
        fixture.request.headers = fixture.request.headers?.mapValues(redact(text:))
        fixture.request.body = fixture.request.body.map(redact(json:))
        fixture.response.headers = fixture.response.headers?.mapValues(redact(text:))
        fixture.response.body = fixture.response.body.map(redact(text:))
        return fixture
    }

    /// A JSON value with every `Plaintext` member faked and access key ids replaced.
    static func redact(json: Fixture.JSON) -> Fixture.JSON {
        switch json {
        case .null, .bool, .number:
            return json
        case .string(let text):
            return .string(redact(text: text))
        case .array(let elements):
            return .array(elements.map(redact(json:)))
        case .object(let members):
            var result: [String: Fixture.JSON] = [:]
            for (key, value) in members {
                if key == "Plaintext", case .string(let base64) = value {
                    result[key] = .string(fakeBase64(sameDecodedLengthAs: base64))
                } else {
                    result[key] = redact(json: value)
                }
            }
            return .object(result)
        }
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
