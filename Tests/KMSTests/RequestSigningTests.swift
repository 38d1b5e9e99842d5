#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import Testing

@testable import KMS
import KMSTestSupport
import AWSSigV4

@Suite("Requests are built and signed as KMS expects")
struct RequestSigningTests {
    func callPath(endpoint: String?, sessionToken: String? = nil) throws -> AWSJSONClient {
        let config = try AWSConfig(
            region: "eu-west-1", accessKeyId: Fake.accessKeyId, secretAccessKey: Fake.secretAccessKey,
            sessionToken: sessionToken, endpoint: endpoint)
        return AWSJSONClient(config: config, transport: ReplayTransport([]), logger: Logger(label: "test"))
    }

    @Test(
        "the unsigned request: POST / with Host, Content-Type and X-Amz-Target",
        arguments: [
            (nil, "https://kms.eu-west-1.amazonaws.com/", "kms.eu-west-1.amazonaws.com"),
            ("http://127.0.0.1:4566", "http://127.0.0.1:4566/", "127.0.0.1:4566"),
            ("https://kms.example.test:443", "https://kms.example.test/", "kms.example.test"),
            ("http://[::1]:8080", "http://[::1]:8080/", "[::1]:8080"),
        ] as [(String?, String, String)])
    func unsignedRequest(endpoint: String?, url: String, host: String) throws {
        let request = try callPath(endpoint: endpoint).makeRequest(operation: "ListKeys", body: Array("{}".utf8))
        #expect(request.method == "POST")
        #expect(request.url == url)
        #expect(request.headers.fields.map(\.name) == ["Host", "Content-Type", "X-Amz-Target"])
        #expect(request.headers[first: "Host"] == host)
        #expect(request.headers[first: "Content-Type"] == "application/x-amz-json-1.1")
        #expect(request.headers[first: "X-Amz-Target"] == "TrentService.ListKeys")
        #expect(request.body == Array("{}".utf8))
    }

    @Test("signing adds X-Amz-Date and Authorization over the KMS headers, then an unsigned User-Agent")
    func signedHeaders() throws {
        let path = try callPath(endpoint: "http://127.0.0.1:4566")
        var request = path.makeRequest(operation: "GenerateDataKey", body: Array(#"{"KeyId":"k","NumberOfBytes":32}"#.utf8))
        let date = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14T22:13:20Z
        path.sign(&request, credentials: AWSCredentials(accessKeyId: Fake.accessKeyId, secretAccessKey: Fake.secretAccessKey), date: date)
        #expect(request.headers[first: "X-Amz-Date"] == "20231114T221320Z")
        let authorization = try #require(request.headers[first: "Authorization"])
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=\(Fake.accessKeyId)/20231114/eu-west-1/kms/aws4_request, "))
        #expect(authorization.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="))
        #expect(request.headers[first: "User-Agent"]?.hasPrefix("swift-kms/") == true)
        #expect(request.headers["X-Amz-Security-Token"].isEmpty)
        // Same inputs, same signature: nothing random goes into it.
        var again = path.makeRequest(operation: "GenerateDataKey", body: Array(#"{"KeyId":"k","NumberOfBytes":32}"#.utf8))
        path.sign(&again, credentials: AWSCredentials(accessKeyId: Fake.accessKeyId, secretAccessKey: Fake.secretAccessKey), date: date)
        #expect(again.headers[first: "Authorization"] == authorization)
    }

    @Test("a session token is sent and signed")
    func sessionToken() async throws {
        let loaded = try fixture("ListKeys/empty")
        let transport = ReplayTransport([loaded]) { Issue.record(Comment(rawValue: $0)) }
        let client = KMSClient(config: try Fake.config(sessionToken: Fake.sessionToken), transport: transport)
        _ = try await client.listKeys()
        let request = try #require(transport.requests.first)
        #expect(request.headers["X-Amz-Security-Token"] == [Fake.sessionToken])
        #expect(request.headers[first: "Authorization"]?.contains("x-amz-security-token") == true)
    }
}
