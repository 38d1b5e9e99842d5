import Foundation

@testable import AWSSigV4

/// The official AWS SigV4 test suite (aws-c-auth's `v4/` cases), read from
/// `<package root>/../shared/sigv4-test-suite`, where CI clones it beside the package.
///
/// Parsing follows the suite's README: the request line is split at the first space and
/// loses its final ` HTTP/1.1`; headers split at the first `:` with raw values; lines that
/// start with whitespace continue the previous value (newline kept); repeated names stay
/// separate; a blank line starts the body.
enum OfficialSuite {
    /// `<package root>/../shared/sigv4-test-suite/v4`.
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // AWSSigV4Tests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .deletingLastPathComponent()
        .appendingPathComponent("shared/sigv4-test-suite/v4", isDirectory: true)

    /// Whether the suite is there (it is not in a user's clone of the package alone).
    static let isAvailable: Bool = {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }()

    /// The names of the cases found, sorted.
    static let caseNames: [String] = {
        guard isAvailable,
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return [] }
        return names.filter { name in
            FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).appendingPathComponent("request.txt").path)
        }.sorted()
    }()

    static let skipMessage =
        "the official SigV4 suite is not at ../shared/sigv4-test-suite beside the package (CI clones it there); skipped"
}

/// A parsed HTTP/1.1 message of the suite.
struct SuiteMessage {
    var method: String
    var target: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    var path: String { String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]) }
    var query: String {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count > 1 ? String(parts[1]) : ""
    }

    init(_ text: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let requestLine = lines.first, let space = requestLine.firstIndex(of: " "),
            requestLine.hasSuffix(" HTTP/1.1")
        else { throw SuiteError.malformed("request line") }
        method = String(requestLine[..<space])
        target = String(requestLine[requestLine.index(after: space)...].dropLast(" HTTP/1.1".count))
        headers = []
        body = []
        var index = 1
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.isEmpty {
                body = Array(lines[index...].joined(separator: "\n").utf8)
                break
            }
            if line.first == " " || line.first == "\t" {
                guard !headers.isEmpty else { throw SuiteError.malformed("continuation first") }
                headers[headers.count - 1].value += "\n" + line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { throw SuiteError.malformed("header \(line)") }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
    }
}

enum SuiteError: Error {
    case malformed(String)
}

/// One case of the suite: its inputs and expected outputs.
struct SuiteCase {
    struct Context: Decodable {
        struct Credentials: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }
        var credentials: Credentials
        var expiration_in_seconds: Int
        var normalize: Bool
        var region: String
        var service: String
        var sign_body: Bool
        var timestamp: String
        var omit_session_token: Bool?
    }

    let name: String
    let context: Context
    let request: SuiteMessage

    init(named name: String) throws {
        self.name = name
        context = try JSONDecoder().decode(Context.self, from: Data(contentsOf: Self.url(name, "context.json")))
        request = try SuiteMessage(Self.text(name, "request.txt"))
    }

    static func url(_ name: String, _ file: String) -> URL {
        OfficialSuite.directory.appendingPathComponent(name).appendingPathComponent(file)
    }

    static func text(_ name: String, _ file: String) throws -> String {
        try String(decoding: Data(contentsOf: url(name, file)), as: UTF8.self)
    }

    func expected(_ file: String) throws -> String { try Self.text(name, file) }

    var credentials: AWSCredentials {
        AWSCredentials(
            accessKeyId: context.credentials.access_key_id,
            secretAccessKey: context.credentials.secret_access_key,
            sessionToken: context.credentials.token
        )
    }

    var date: Date {
        get throws {
            guard let date = ISO8601DateFormatter().date(from: context.timestamp) else {
                throw SuiteError.malformed("timestamp \(context.timestamp)")
            }
            return date
        }
    }

    var signer: SigV4Signer {
        SigV4Signer(
            region: context.region, service: context.service,
            options: SigV4Signer.Options(
                normalizePath: context.normalize, doubleEncodePath: true,
                addContentSHA256Header: context.sign_body,
                signSessionToken: !(context.omit_session_token ?? false)
            )
        )
    }

    /// What the upstream harness gives the signer: the body, or the empty string's hash.
    var signerRequest: SigV4Request {
        SigV4Request(
            method: request.method, path: request.path, query: request.query, headers: request.headers,
            payload: context.sign_body
                ? .bytes(request.body)
                : .precomputedHash("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        )
    }
}
