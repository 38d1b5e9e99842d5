import Testing

@testable import KMS
import KMSTestSupport
import CurlHTTP

@Suite("Error responses of every shape become typed KMSErrors")
struct ErrorMappingTests {
    /// Each KMS exception with the code it maps to.
    static let codes: [(wire: String, code: KMSError.Code, status: Int)] = [
        ("NotFoundException", .notFound, 400),
        ("DisabledException", .disabled, 400),
        ("InvalidKeyUsageException", .invalidKeyUsage, 400),
        ("KMSInvalidStateException", .invalidState, 400),
        ("KeyUnavailableException", .keyUnavailable, 500),
        ("DependencyTimeoutException", .dependencyTimeout, 503),
        ("KMSInternalException", .internal, 500),
        ("InvalidGrantTokenException", .invalidGrantToken, 400),
        ("InvalidCiphertextException", .invalidCiphertext, 400),
        ("IncorrectKeyException", .incorrectKey, 400),
        ("AccessDeniedException", .accessDenied, 400),
        ("InvalidSignatureException", .invalidSignature, 400),
        ("UnrecognizedClientException", .unrecognizedClient, 400),
        ("ExpiredTokenException", .expiredToken, 400),
        ("ThrottlingException", .throttling, 400),
        ("ValidationException", .validation, 400),
        ("LimitExceededException", .limitExceeded, 400),
        ("InvalidMarkerException", .invalidMarker, 400),
        ("DryRunOperationException", .dryRun, 412),
        ("InvalidArnException", .invalidArn, 400),
        ("UnsupportedOperationException", .unsupportedOperation, 400),
        ("MissingAuthenticationTokenException", .missingAuthentication, 403),
        ("ServiceUnavailableException", .serviceUnavailable, 503),
        ("SomethingNewException", .unknown, 400),
    ]

    static let forms = ["json-namespaced", "json-bare"]

    @Test("JSON errors, with __type as ns#Code or bare and message or Message", arguments: forms, codes.indices)
    func jsonErrors(form: String, index: Int) async throws {
        let expected = Self.codes[index]
        let (client, transport, fixture) = try replayClient("errors/\(form)/\(expected.wire)")
        let error = await kmsError { try await client.generateDataKey(id: "alias/fixture-key", size: 32) }
        expectWellFormedRequests(transport, operations: ["GenerateDataKey"])
        #expect(error?.code == expected.code)
        #expect(error?.rawCode == expected.wire)
        #expect(error?.message == "fixture message for \(expected.wire)")
        #expect(error?.status == expected.status)
        #expect(error?.requestId == fixture.response.headers?["x-amzn-RequestId"])
        #expect(error?.operation == "GenerateDataKey")
        #expect(error?.bodyExcerpt == nil, "an understood body needs no excerpt")
    }

    @Test(
        "moto's XML auth errors",
        arguments: [
            ("errors/xml-signature-does-not-match", KMSError.Code.invalidSignature, "SignatureDoesNotMatch",
             "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE", "The request signature we calculated does not match"),
            ("errors/xml-invalid-client-token-id", .unrecognizedClient, "InvalidClientTokenId",
             "8b73d5a0-458f-4fd5-a442-7f9fEXAMPLE", "The security token included in the request is invalid."),
            ("errors/xml-access-denied", .accessDenied, "AccessDenied",
             "9c84e6b1-569a-4ae6-b553-8a0aEXAMPLE", "is not authorized to perform: kms:GenerateDataKey & more"),
        ] as [(String, KMSError.Code, String, String, String)])
    func xmlErrors(name: String, code: KMSError.Code, raw: String, requestId: String, message: String) async throws {
        let (client, transport, _) = try replayClient(name)
        let error = await kmsError { try await client.generateDataKey(id: "alias/fixture-key", size: 32) }
        expectWellFormedRequests(transport, operations: ["GenerateDataKey"])
        #expect(error?.code == code)
        #expect(error?.rawCode == raw)
        #expect(error?.status == 403)
        #expect(error?.requestId == requestId)
        #expect(error?.message.contains(message) == true)
    }

    @Test("the x-amzn-ErrorType header alone gives the code")
    func headerCode() async throws {
        let (client, _, _) = try replayClient("errors/header-error-type")
        let error = await kmsError { try await client.generateDataKey(id: "alias/fixture-key", size: 32) }
        #expect(error?.code == .notFound)
        #expect(error?.rawCode == "NotFoundException")
        #expect(error?.requestId == "err-header")
    }

    @Test(
        "bodies without a code: unknown, with status and a printable excerpt",
        arguments: [
            ("errors/html-502", 502, "<html>??<head><title>502 Bad Gateway</title>" as String?),
            ("errors/empty-500", 500, nil),
            ("errors/truncated-json-400", 400, #"{"__type": "com.amazonaws.kms#NotFoundExc"#),
            ("errors/binary-500", 500, "????????????????????????????????" + ##" !"#$%&'()*+,-./0123456789"##),
        ] as [(String, Int, String?)])
    func uncodedBodies(name: String, status: Int, excerptPrefix: String?) async throws {
        let (client, _, _) = try replayClient(name)
        let error = await kmsError { try await client.generateDataKey(id: "alias/fixture-key", size: 32) }
        #expect(error?.code == .unknown)
        #expect(error?.rawCode == nil)
        #expect(error?.status == status)
        if let excerptPrefix {
            #expect(error?.bodyExcerpt?.hasPrefix(excerptPrefix) == true, "excerpt: \(error?.bodyExcerpt ?? "nil")")
        } else {
            #expect(error?.bodyExcerpt == nil)
        }
        if let excerpt = error?.bodyExcerpt {
            #expect(excerpt.count <= 200)
            #expect(excerpt.utf8.allSatisfy { (0x20...0x7E).contains($0) })
        }
    }

    @Test("a plaintext in an error body never reaches the error")
    func plaintextInErrorBody() async throws {
        let (client, _, _) = try replayClient("errors/error-body-with-plaintext")
        let error = try #require(await kmsError { try await client.generateDataKey(id: "alias/fixture-key", size: 32) })
        #expect(error.code == .unknown)
        #expect(error.bodyExcerpt?.contains("a broken proxy") == true)
        #expect(!error.description.contains(Fake.plaintext32Base64))
        #expect(!error.description.contains("AAECAwQF"))
    }

    @Test("long multi-line server messages are cut and made printable")
    func longMessage() async throws {
        let (client, _, _) = try replayClient("errors/long-message")
        let error = try #require(await kmsError { try await client.generateDataKey(id: "alias/fixture-key", size: 32) })
        #expect(error.code == .validation)
        #expect(error.message.hasPrefix("line one?line two?[31m x"))
        #expect(error.message.count <= 512)
        #expect(error.message.hasSuffix("..."))
        #expect(!error.description.contains("\n"))
    }

    @Test("request ids from headers and XML bodies are cut and made printable (found by fuzzing)")
    func hostileRequestIds() async throws {
        struct Canned: HTTPTransport {
            var response: HTTPResponse
            func execute(_ request: HTTPRequest) async throws -> HTTPResponse { response }
        }
        let escape = "id\u{1B}[31m\r\nforged: log line"
        let fromHeader = HTTPResponse(status: 200, headers: ["x-amzn-RequestId": escape], body: [])
        let xml = "<ErrorResponse><Error><Code>AccessDenied</Code></Error><RequestId>two\nlines"
            + String(repeating: "x", count: 1_000) + "</RequestId></ErrorResponse>"
        let fromBody = HTTPResponse(status: 403, body: Array(xml.utf8))
        for response in [fromHeader, fromBody] {
            let client = KMSClient(config: try Fake.config(), transport: Canned(response: response), logger: nil)
            let error = try #require(await kmsError { try await client.listKeys(limit: 1) })
            let requestId = try #require(error.requestId)
            #expect(requestId.utf8.allSatisfy { (0x20...0x7E).contains($0) }, "request id: \(requestId)")
            #expect(requestId.count <= 128)
            #expect(error.description.utf8.allSatisfy { (0x20...0x7E).contains($0) })
        }
    }

    @Test(
        "malformed 200 responses are invalidResponse",
        arguments: [
            ("errors/empty-200", "not valid JSON"),
            ("errors/truncated-200", "not valid JSON"),
            ("errors/wrong-shape-array-200", "wrong type"),
            ("errors/missing-ciphertext-200", "CiphertextBlob"),
            ("errors/plaintext-not-string-200", "Plaintext"),
            ("errors/invalid-base64-plaintext-200", "base64"),
            ("errors/html-200", "not valid JSON"),
        ])
    func malformedSuccess(name: String, messagePart: String) async throws {
        let (client, transport, _) = try replayClient(name)
        let error = await kmsError { try await client.generateDataKey(id: "alias/fixture-key", size: 32) }
        expectWellFormedRequests(transport, operations: ["GenerateDataKey"])
        #expect(error?.code == .invalidResponse)
        #expect(error?.status == 200)
        #expect(error?.message.contains(messagePart) == true, "message: \(error?.message ?? "nil")")
        #expect(error?.description.contains(Fake.plaintext32Base64) == false)
    }

    @Test("code mapping covers the wire spellings of mocks and other protocols")
    func wireSpellings() {
        #expect(KMSError.Code(wireCode: "SignatureDoesNotMatch") == .invalidSignature)
        #expect(KMSError.Code(wireCode: "InvalidClientTokenId") == .unrecognizedClient)
        #expect(KMSError.Code(wireCode: "AccessDenied") == .accessDenied)
        #expect(KMSError.Code(wireCode: "ExpiredToken") == .expiredToken)
        #expect(KMSError.Code(wireCode: "Throttling") == .throttling)
        #expect(KMSError.Code(wireCode: "notfoundexception") == .unknown)
        #expect(KMSErrorDecoder.stripNamespace("com.amazonaws.kms#NotFoundException") == "NotFoundException")
        #expect(KMSErrorDecoder.stripNamespace("NotFoundException") == "NotFoundException")
        #expect(KMSErrorDecoder.stripHeaderCode("ThrottlingException:http://internal.amazon.com/coral/") == "ThrottlingException")
    }

    @Test("transport failures surface unchanged as HTTPClientError")
    func transportFailure() async throws {
        struct Refusing: HTTPTransport {
            func execute(_ request: HTTPRequest) async throws -> HTTPResponse { throw HTTPClientError.connectionRefused }
        }
        let client = KMSClient(config: try Fake.config(), transport: Refusing(), logger: nil)
        await #expect(throws: HTTPClientError.connectionRefused) {
            try await client.generateDataKey(id: "alias/fixture-key")
        }
    }
}
