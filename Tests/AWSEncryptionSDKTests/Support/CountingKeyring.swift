import Synchronization

@testable import AWSEncryptionSDK

/// Passes calls to another keyring and counts them.
final class CountingKeyring: Keyring {
    let inner: any Keyring
    private let counts = Mutex((encrypt: 0, decrypt: 0))

    init(inner: any Keyring) { self.inner = inner }

    var encryptCalls: Int { counts.withLock { $0.encrypt } }
    var decryptCalls: Int { counts.withLock { $0.decrypt } }

    func onEncrypt(_ materials: EncryptionMaterials) async throws -> EncryptionMaterials {
        counts.withLock { $0.encrypt += 1 }
        return try await inner.onEncrypt(materials)
    }

    func onDecrypt(_ materials: DecryptionMaterials, encryptedDataKeys: [EncryptedDataKey]) async throws -> DecryptionMaterials {
        counts.withLock { $0.decrypt += 1 }
        return try await inner.onDecrypt(materials, encryptedDataKeys: encryptedDataKeys)
    }
}
