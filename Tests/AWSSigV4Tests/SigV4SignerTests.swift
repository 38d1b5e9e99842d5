import Foundation
import Testing

@testable import AWSSigV4

@Suite("SigV4Signer")
struct SigV4SignerTests {
    let signer = SigV4Signer(region: "eu-west-1", service: "kms")

    @Test("a KMS request gets X-Amz-Date and an Authorization over the right headers")
    func kmsRequest() throws {
        let result = signer.sign(TestFixtures.kmsRequest(), credentials: TestFixtures.credentials, date: TestFixtures.date)
        #expect(result.headers.map(\.name) == ["X-Amz-Date", "Authorization"])
        #expect(TestFixtures.value("X-Amz-Date", in: result.headers) == "20251125T093000Z")
        let authorization = try #require(result.authorization)
        #expect(
            authorization == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20251125/eu-west-1/kms/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=\(result.signature)"
        )
        #expect(result.signature.count == 64 && result.signature.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(result.stringToSign.hasPrefix("AWS4-HMAC-SHA256\n20251125T093000Z\n20251125/eu-west-1/kms/aws4_request\n"))
        #expect(!result.canonicalRequest.contains("user-agent"))
    }

    @Test("the same input signs the same; any change in what is signed changes the signature")
    func determinism() {
        let base = signer.sign(TestFixtures.kmsRequest(), credentials: TestFixtures.credentials, date: TestFixtures.date)
        #expect(signer.sign(TestFixtures.kmsRequest(), credentials: TestFixtures.credentials, date: TestFixtures.date).signature == base.signature)
        let variants = [
            signer.sign(TestFixtures.kmsRequest(body: "{}"), credentials: TestFixtures.credentials, date: TestFixtures.date),
            signer.sign(TestFixtures.kmsRequest("Decrypt"), credentials: TestFixtures.credentials, date: TestFixtures.date),
            signer.sign(TestFixtures.kmsRequest(), credentials: TestFixtures.credentials, date: TestFixtures.date + 1),
            SigV4Signer(region: "eu-west-2", service: "kms")
                .sign(TestFixtures.kmsRequest(), credentials: TestFixtures.credentials, date: TestFixtures.date),
            signer.sign(
                TestFixtures.kmsRequest(),
                credentials: AWSCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "other"),
                date: TestFixtures.date
            ),
        ]
        for variant in variants { #expect(variant.signature != base.signature) }
        // The User-Agent is not signed: changing it changes nothing.
        var request = TestFixtures.kmsRequest()
        request.headers[3].value = "something-else/2.0"
        #expect(signer.sign(request, credentials: TestFixtures.credentials, date: TestFixtures.date).signature == base.signature)
    }

    @Test("the payload hash is SHA-256 of the body, the given hash, or UNSIGNED-PAYLOAD")
    func payloads() {
        // FIPS 180-2's test vector: SHA-256("abc").
        let abcHash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        var request = TestFixtures.kmsRequest(body: "abc")
        let hashed = signer.sign(request, credentials: TestFixtures.credentials, date: TestFixtures.date)
        #expect(hashed.canonicalRequest.hasSuffix("\n" + abcHash))

        request.payload = .precomputedHash(abcHash)
        #expect(signer.sign(request, credentials: TestFixtures.credentials, date: TestFixtures.date).signature == hashed.signature)

        request.payload = .bytes([])
        #expect(
            signer.sign(request, credentials: TestFixtures.credentials, date: TestFixtures.date).canonicalRequest
                .hasSuffix("\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        )

        request.payload = .unsigned
        #expect(signer.sign(request, credentials: TestFixtures.credentials, date: TestFixtures.date).canonicalRequest.hasSuffix("\nUNSIGNED-PAYLOAD"))
    }

    @Test("x-amz-content-sha256 is added and signed when asked")
    func contentSHA256Header() {
        let withHeader = SigV4Signer(region: "eu-west-1", service: "kms", options: .init(addContentSHA256Header: true))
        let result = withHeader.sign(TestFixtures.kmsRequest(body: "abc"), credentials: TestFixtures.credentials, date: TestFixtures.date)
        #expect(result.headers.map(\.name) == ["X-Amz-Date", "x-amz-content-sha256", "Authorization"])
        #expect(TestFixtures.value("x-amz-content-sha256", in: result.headers) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(result.authorization?.contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target,") == true)
    }

    @Test("a session token is signed by default")
    func sessionTokenSigned() {
        let result = signer.sign(TestFixtures.kmsRequest(), credentials: TestFixtures.temporaryCredentials, date: TestFixtures.date)
        #expect(result.headers.map(\.name) == ["X-Amz-Date", "X-Amz-Security-Token", "Authorization"])
        #expect(TestFixtures.value("X-Amz-Security-Token", in: result.headers) == TestFixtures.temporaryCredentials.sessionToken)
        #expect(result.canonicalRequest.contains("\nx-amz-security-token:FAKEsessionTOKEN/for+tests==\n"))
        #expect(result.authorization?.contains(";x-amz-security-token;") == true)
    }

    @Test("with signSessionToken off, the token is sent but signed as if there were none")
    func sessionTokenAfterSigning() throws {
        let unsignedToken = SigV4Signer(region: "eu-west-1", service: "kms", options: .init(signSessionToken: false))
        let withoutToken = AWSCredentials(
            accessKeyId: TestFixtures.temporaryCredentials.accessKeyId,
            secretAccessKey: TestFixtures.temporaryCredentials.secretAccessKey
        )
        // The request's own stale copy of the header is replaced, not signed.
        let request = TestFixtures.kmsRequest(extraHeaders: [("X-Amz-Security-Token", "stale")])
        let result = unsignedToken.sign(request, credentials: TestFixtures.temporaryCredentials, date: TestFixtures.date)
        let reference = unsignedToken.sign(TestFixtures.kmsRequest(), credentials: withoutToken, date: TestFixtures.date)
        #expect(result.signature == reference.signature)
        #expect(TestFixtures.value("X-Amz-Security-Token", in: result.headers) == TestFixtures.temporaryCredentials.sessionToken)

        let presigned = try unsignedToken.presign(request, credentials: TestFixtures.temporaryCredentials, date: TestFixtures.date, expires: 60)
        let presignedReference = try unsignedToken.presign(request, credentials: withoutToken, date: TestFixtures.date, expires: 60)
        #expect(presigned.signature == presignedReference.signature)
        #expect(presigned.query.contains("&X-Amz-Security-Token=FAKEsessionTOKEN%2Ffor%2Btests%3D%3D&X-Amz-Signature="))
    }

    @Test("the signer's headers replace stale copies in the request")
    func staleHeadersReplaced() {
        let clean = signer.sign(TestFixtures.kmsRequest(), credentials: TestFixtures.temporaryCredentials, date: TestFixtures.date)
        let stale = signer.sign(
            TestFixtures.kmsRequest(extraHeaders: [
                ("X-Amz-Date", "19990101T000000Z"), ("Authorization", "AWS4-HMAC-SHA256 stale"),
                ("x-amz-security-token", "stale"),
            ]),
            credentials: TestFixtures.temporaryCredentials, date: TestFixtures.date
        )
        #expect(stale.canonicalRequest == clean.canonicalRequest)
        #expect(stale.signature == clean.signature)
    }

    @Test("presigned URLs live 1 second to 7 days", arguments: [0, -1, 604_801, Int.max, Int.min])
    func expiresOutOfRange(expires: Int) {
        #expect(throws: SigV4Error.invalidExpires) {
            try signer.presign(TestFixtures.kmsRequest(), credentials: TestFixtures.credentials, date: TestFixtures.date, expires: expires)
        }
    }

    @Test("the bounds themselves are accepted", arguments: [1, 604_800])
    func expiresBounds(expires: Int) throws {
        let result = try signer.presign(TestFixtures.kmsRequest(), credentials: TestFixtures.credentials, date: TestFixtures.date, expires: expires)
        #expect(result.query.contains("&X-Amz-Expires=\(expires)&"))
        #expect(result.canonicalRequest.contains("&X-Amz-Expires=\(expires)&"))
    }

    @Test("a presigned query keeps the request's parameters first and replaces its X-Amz-* ones")
    func presignQuery() throws {
        var request = TestFixtures.kmsRequest()
        request.method = "GET"
        request.query = "z=1&X-Amz-Signature=old&a=%2F&X-Amz-Date=old"
        let result = try signer.presign(request, credentials: TestFixtures.credentials, date: TestFixtures.date, expires: 3600)
        #expect(
            result.query == "z=1&a=%2F&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20251125%2Feu-west-1%2Fkms%2Faws4_request"
                + "&X-Amz-Date=20251125T093000Z&X-Amz-Expires=3600"
                + "&X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-target&X-Amz-Signature=\(result.signature)"
        )
        let canonicalQuery = result.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[2]
        #expect(canonicalQuery.hasPrefix("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="))
        #expect(canonicalQuery.hasSuffix("&X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-target&a=%2F&z=1"))
        #expect(!canonicalQuery.contains("old"))
    }

    @Test("nothing secret shows in descriptions, debug descriptions, dumps or errors")
    func redaction() throws {
        let credentials = TestFixtures.temporaryCredentials
        let secrets = [credentials.secretAccessKey, try #require(credentials.sessionToken)]
        let header = signer.sign(TestFixtures.kmsRequest(), credentials: credentials, date: TestFixtures.date)
        let query = try signer.presign(TestFixtures.kmsRequest(), credentials: credentials, date: TestFixtures.date, expires: 60)
        var texts = [
            "\(header)", String(reflecting: header), "\(query)", String(reflecting: query),
            "\(credentials)", String(reflecting: credentials),
        ]
        var dumped = ""
        dump(header, to: &dumped)
        dump(query, to: &dumped)
        dump(credentials, to: &dumped)
        // The signer now caches a key derived from the secret, keyed by it, behind its lock.
        dump(signer, to: &dumped)
        texts.append(dumped)
        do {
            _ = try signer.presign(TestFixtures.kmsRequest(), credentials: credentials, date: TestFixtures.date, expires: 0)
        } catch {
            texts.append("\(error)")
            texts.append(String(reflecting: error))
        }
        for text in texts {
            for secret in secrets + [header.signature, query.signature, try #require(header.authorization)] {
                #expect(!text.contains(secret), "leaked in: \(text)")
            }
        }
        #expect("\(header)".contains("X-Amz-Date: 20251125T093000Z"))
    }
}
