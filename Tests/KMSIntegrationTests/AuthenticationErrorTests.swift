import KMS
import KMSTestSupport
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWSSigV4

/// What the client makes of refusals: moto answers authentication failures with HTTP 403 and
/// an XML body (where real KMS sends JSON), and unknown keys with a JSON NotFoundException.
@Suite("Errors from a local KMS", .localKMSAvailable, .localKMS)
struct AuthenticationErrorTests {
    @Test("a wrong secret access key gives the typed signature error, with moto's code and no secret in it")
    func wrongSecret() async throws {
        let server = try LocalKMSScope.server()
        let secret = server.credentials.secretAccessKey
        let wrong = AWSCredentials(
            accessKeyId: server.credentials.accessKeyId,
            secretAccessKey: String(secret.dropLast()) + (secret.hasSuffix("A") ? "B" : "A")
        )
        await #expect {
            try await TestClient.with(server, credentials: wrong, label: "wrongSecret") { try await $0.listKeys() }
        } throws: { error in
            guard let error = error as? KMSError else { return false }
            return error.code == .invalidSignature
                && error.rawCode == "SignatureDoesNotMatch"
                && error.status == 403
                && error.operation == "ListKeys"
                && !"\(error)".contains(secret)
                && !"\(error)".contains(wrong.secretAccessKey)
        }
    }

    @Test("a wrong secret fails generateDataKey the same way: the signature covers every operation")
    func wrongSecretOnGenerateDataKey() async throws {
        let server = try LocalKMSScope.server()
        let wrong = AWSCredentials(accessKeyId: server.credentials.accessKeyId, secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        await #expect {
            try await TestClient.with(server, credentials: wrong, label: "wrongSecret") {
                try await $0.generateDataKey(id: server.keyId, size: 32)
            }
        } throws: { error in
            guard let error = error as? KMSError else { return false }
            return error.code == .invalidSignature && error.operation == "GenerateDataKey"
        }
    }

    @Test("an access key id moto does not know gives the typed unrecognized-client error")
    func unknownAccessKey() async throws {
        let server = try LocalKMSScope.server()
        let unknown = AWSCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        await #expect {
            try await TestClient.with(server, credentials: unknown, label: "unknownAccessKey") { try await $0.listKeys() }
        } throws: { error in
            guard let error = error as? KMSError else { return false }
            return error.code == .unrecognizedClient && error.rawCode == "InvalidClientTokenId" && error.status == 403
        }
    }

    @Test("an unknown key id gives notFound, for generateDataKey, describeKey and encrypt")
    func unknownKey() async throws {
        let server = try LocalKMSScope.server()
        let missing = "00000000-1111-2222-3333-444444444444"
        try await TestClient.with(server, label: "notFound") { client in
            await #expect {
                try await client.generateDataKey(id: missing, size: 32)
            } throws: { error in
                guard let error = error as? KMSError else { return false }
                return error.code == .notFound && error.rawCode == "NotFoundException" && error.status == 400
                    && error.operation == "GenerateDataKey" && error.message.contains(missing)
            }
            await #expect {
                try await client.describeKey(keyId: missing)
            } throws: { error in
                (error as? KMSError)?.code == .notFound
            }
            await #expect {
                try await client.encrypt(keyId: missing, plaintextBase64: "AAEC")
            } throws: { error in
                (error as? KMSError)?.code == .notFound
            }
        }
    }

    @Test("a ciphertext blob too short to be one is refused as invalid ciphertext")
    func garbledCiphertext() async throws {
        let server = try LocalKMSScope.server()
        await #expect {
            try await TestClient.with(server, label: "invalidCiphertext") {
                try await $0.decrypt(ciphertextBlob: Data([1, 2, 3]).base64EncodedString())
            }
        } throws: { error in
            guard let error = error as? KMSError else { return false }
            return error.code == .invalidCiphertext && error.rawCode == "InvalidCiphertextException"
        }
    }

    @Test("requests signed for another region than the key's do not find the key")
    func otherRegion() async throws {
        let server = try LocalKMSScope.server()
        let keys = try await TestClient.with(server, region: "eu-west-3", label: "otherRegion") { try await $0.listKeys() }
        #expect(!keys.contains { $0.keyId == server.keyId })
    }
}
