// The README's example of testing app code with KMSTesting, verbatim (a test below checks it
// still is): it must compile and pass as users would write it.
import KMS
import KMSTesting
import Testing

/// App code under test: a key per record, stored sealed under a KMS key.
struct RecordKeys {
    let kms: KMSClient
    let keyId: String

    func newKey(for record: String) async throws -> (key: [UInt8], sealed: String) {
        let dataKey = try await kms.generateDataKey(id: keyId, keySpec: .aes256, encryptionContext: ["record": record])
        return (dataKey.plaintextBytes.withUnsafeBytes { Array($0) }, dataKey.ciphertextBlob)
    }

    func key(for record: String, sealed: String) async throws -> [UInt8] {
        let plaintext = try await kms.decrypt(ciphertextBlob: sealed, encryptionContext: ["record": record])
        return plaintext.plaintextBytes.withUnsafeBytes { Array($0) }
    }
}

@Test func aRecordKeyOpensOnlyForItsOwnRecord() async throws {
    let kms = InMemoryKMS()
    let keys = RecordKeys(kms: try kms.client(), keyId: kms.createKey())
    let (key, sealed) = try await keys.newKey(for: "order-1")
    #expect(try await keys.key(for: "order-1", sealed: sealed) == key)
    await #expect { try await keys.key(for: "order-2", sealed: sealed) } throws: {
        ($0 as? KMSError)?.code == .invalidCiphertext
    }
    kms.failNext(with: .throttling)
    await #expect { try await keys.newKey(for: "order-3") } throws: { ($0 as? KMSError)?.code == .throttling }
}

import Foundation

@Test("the README's testing example is this file's code")
func readmeTestingExampleIsThisFile() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    let example = try #require(readme.components(separatedBy: "<!-- testing-example -->\n```swift\n").dropFirst().first?
        .components(separatedBy: "```").first)
    let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
    #expect(source.contains(example))
}
