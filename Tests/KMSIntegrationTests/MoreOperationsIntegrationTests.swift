import KMS
import KMSTestSupport
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// ReEncrypt, GenerateRandom and ListAliases against moto with signature verification on.
/// (moto answers GenerateDataKeyPair with HTTP 500, so the pair operations are covered by the
/// replayed fixtures of `KMSTests` only.)
@Suite("ReEncrypt, GenerateRandom and ListAliases against a local KMS", .localKMSAvailable, .localKMS)
struct MoreOperationsIntegrationTests {
    @Test("reEncrypt moves a blob to another key and context; the plaintext comes back the same")
    func reEncrypt() async throws {
        let server = try LocalKMSScope.server()
        try await TestClient.with(server, label: "reEncrypt") { client in
            let other = try await client.createKey(description: "re-encrypt destination")
            let original = try await client.encrypt(keyId: server.keyId, plaintext: Array("rotate me".utf8), encryptionContext: ["app": "old"])
            let moved = try await client.reEncrypt(
                ciphertextBlob: original.ciphertextBlob, destinationKeyId: other.keyId,
                sourceEncryptionContext: ["app": "old"], destinationEncryptionContext: ["app": "new"])
            #expect(moved.keyId == other.arn)
            #expect(moved.sourceKeyId == server.keyArn)
            #expect(moved.ciphertextBlob != original.ciphertextBlob)
            let decrypted = try await client.decrypt(ciphertextBlob: moved.ciphertextBlob, encryptionContext: ["app": "new"])
            #expect(decrypted.plaintextBytes.withUnsafeBytes { Array($0) } == Array("rotate me".utf8))
            #expect(decrypted.keyId == other.arn)
            let wrongSource = await kmsErrorCode {
                try await client.reEncrypt(ciphertextBlob: original.ciphertextBlob, destinationKeyId: other.keyId, sourceEncryptionContext: ["app": "wrong"])
            }
            #expect(wrongSource == .invalidCiphertext)
        }
    }

    @Test("generateRandom gives as many bytes as asked, different each time", arguments: [1, 32, 1024])
    func generateRandom(count: Int) async throws {
        let server = try LocalKMSScope.server()
        try await TestClient.with(server, label: "size\(count)") { client in
            let first = try await client.generateRandom(numberOfBytes: count)
            let second = try await client.generateRandom(numberOfBytes: count)
            #expect(first.count == count && second.count == count)
            if count >= 32 {
                #expect(first.withUnsafeBytes { Array($0) } != second.withUnsafeBytes { Array($0) })
            }
        }
    }

    @Test("listAliases() and aliases(pageSize:) give the same aliases, all named alias/…")
    func listAliases() async throws {
        let server = try LocalKMSScope.server()
        try await TestClient.with(server, label: "all") { client in
            let all = try await client.listAliases()
            #expect(!all.isEmpty, "moto has the AWS managed aliases")
            #expect(all.allSatisfy { $0.aliasName.hasPrefix("alias/") })
            var paged: [String] = []
            for try await alias in client.aliases(pageSize: 10) { paged.append(alias.aliasName) }
            #expect(paged == all.map(\.aliasName))
        }
    }

    private func kmsErrorCode(_ body: () async throws -> some Sendable) async -> KMSError.Code? {
        do {
            _ = try await body()
            return nil
        } catch let error as KMSError {
            return error.code
        } catch {
            return nil
        }
    }
}
