import Foundation
import KMS
import KMSTestSupport
import Testing
import CurlHTTP

/// The record mode's redaction, checked on canned exchanges (no server): a fixture written by
/// `RecordingTransport` must hold no secret and still replay.
@Suite("RecordingTransport")
struct RecordingTransportTests {
    /// Answers every request with one canned response.
    struct CannedTransport: HTTPTransport {
        var response: HTTPResponse
        func execute(_ request: HTTPRequest) async throws -> HTTPResponse { response }
    }

    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    static let token = "FQoGZXIvYXdzEXAMPLEsessiontoken"
    static let realPlaintext = Data((0..<32).map { UInt8(255 - $0) }).base64EncodedString()

    static func request(_ operation: String, body: String, accessKeyId: String = "ASIAZZZZZZZZZZZZZZZZ") -> HTTPRequest {
        HTTPRequest(
            method: "POST",
            url: "http://127.0.0.1:40000/",
            headers: [
                "Content-Type": "application/x-amz-json-1.1",
                "X-Amz-Target": "TrentService.\(operation)",
                "X-Amz-Date": "20260101T000000Z",
                "X-Amz-Security-Token": token,
                "Authorization": "AWS4-HMAC-SHA256 Credential=\(accessKeyId)/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=abc",
            ],
            body: Array(body.utf8)
        )
    }

    func record(_ request: HTTPRequest, _ response: HTTPResponse, label: String? = nil) async throws -> (file: URL, text: String, fixture: Fixture) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recording-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let recorder = RecordingTransport(wrapping: CannedTransport(response: response), directory: directory, label: label)
        let returned = try await recorder.execute(request)
        #expect(returned.body == response.body, "the response passes through unchanged")
        let file = try #require(recorder.files.first)
        let text = try String(contentsOf: file, encoding: .utf8)
        return (file, text, try Fixture.load(path: file.path))
    }

    @Test("a GenerateDataKey exchange is written with a fake plaintext of the same length and no auth headers")
    func generateDataKey() async throws {
        let responseBody = #"{"CiphertextBlob":"AQIDBA==","KeyId":"arn:aws:kms:us-east-1:123456789012:key/k","Plaintext":"\#(Self.realPlaintext)"}"#
        let (file, text, fixture) = try await record(
            Self.request("GenerateDataKey", body: #"{"KeyId":"k","NumberOfBytes":32}"#),
            HTTPResponse(status: 200, headers: ["x-amzn-RequestId": "r-1", "Content-Type": "application/x-amz-json-1.1"], body: Array(responseBody.utf8))
        )
        #expect(file.lastPathComponent == "GenerateDataKey.json")
        #expect(fixture.operation == "GenerateDataKey")
        #expect(fixture.request.body?["NumberOfBytes"]?.intValue == 32)
        #expect(fixture.response.headers?["x-amzn-RequestId"] == "r-1")
        for secret in [Self.realPlaintext, Self.token, "Signature=abc", "20260101T000000Z", "ASIAZZZZZZZZZZZZZZZZ"] {
            #expect(!text.contains(secret), "the fixture holds \(secret)")
        }
        let body = try #require(fixture.response.body)
        let written = try #require(Fixture.JSON(parsing: Array(body.utf8))?["Plaintext"]?.stringValue)
        #expect(Data(base64Encoded: written) == Data((0..<32).map { UInt8($0) }))
        #expect(body.contains(#""CiphertextBlob":"AQIDBA==""#), "the rest of the raw body is kept as received")
    }

    @Test("an Encrypt request's Plaintext is faked too, and access key ids in error bodies become the example one")
    func encryptAndErrors() async throws {
        let secretBytes = Data("a secret of 24 bytes!!!!".utf8).base64EncodedString()
        let errorBody = "<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>key AKIAQQQQQQQQQQQQQQQQ unknown</Message></Error></ErrorResponse>"
        let (file, text, fixture) = try await record(
            Self.request("Encrypt", body: #"{"KeyId":"k","Plaintext":"\#(secretBytes)"}"#, accessKeyId: "AKIAQQQQQQQQQQQQQQQQ"),
            HTTPResponse(status: 403, body: Array(errorBody.utf8)),
            label: "unknownAccessKey"
        )
        #expect(file.lastPathComponent == "Encrypt-unknownAccessKey.json")
        #expect(!text.contains(secretBytes))
        #expect(fixture.request.body?["Plaintext"]?.stringValue == Data((0..<24).map { UInt8($0) }).base64EncodedString())
        #expect(!text.contains("AKIAQQQQQQQQQQQQQQQQ"))
        #expect(fixture.response.body?.contains("AKIAIOSFODNN7EXAMPLE") == true)
        #expect(fixture.response.status == 403)
    }

    @Test("repeats of one operation and label get numbered files")
    func numbering() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recording-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let recorder = RecordingTransport(
            wrapping: CannedTransport(response: HTTPResponse(status: 200, body: Array(#"{"Keys":[]}"#.utf8))),
            directory: directory
        )
        for _ in 0..<3 {
            _ = try await recorder.execute(Self.request("ListKeys", body: "{}"))
        }
        #expect(recorder.files.map(\.lastPathComponent) == ["ListKeys.json", "ListKeys-2.json", "ListKeys-3.json"])
        for file in recorder.files {
            #expect(FileManager.default.fileExists(atPath: file.path))
        }
    }

    @Test("every committed recorded fixture loads, and holds no auth header, real access key id or real plaintext")
    func committedFixturesAreRedacted() throws {
        let directory = TestClient.fixtureDirectory.path
        let fixtures = try Fixture.loadAll(directory: directory)
        #expect(!fixtures.isEmpty, "no fixtures in \(directory)")
        for (name, fixture) in fixtures {
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            for header in (fixture.request.headers ?? [:]).keys {
                #expect(!["authorization", "x-amz-security-token", "x-amz-date"].contains(header.lowercased()), "\(name) has \(header)")
            }
            for match in text.matches(of: /(?:AKIA|ASIA)[A-Z0-9]{16}/) {
                #expect(match.output == RecordingTransport.exampleAccessKeyId, "\(name) holds an access key id")
            }
            var plaintexts = [fixture.request.body?["Plaintext"]?.stringValue]
            if let body = fixture.response.body {
                plaintexts.append(Fixture.JSON(parsing: Array(body.utf8))?["Plaintext"]?.stringValue)
            }
            for plaintext in plaintexts.compactMap({ $0 }) {
                let decoded = try #require(Data(base64Encoded: plaintext), "\(name): Plaintext is not base64")
                // A Bool, so a failure never prints the bytes it found.
                let isFake = Array(decoded) == (0..<decoded.count).map { UInt8(truncatingIfNeeded: $0) }
                #expect(isFake, "\(name) holds a real plaintext")
            }
        }
    }
}
