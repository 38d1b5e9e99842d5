import CLibCrypto
import KMS

/// AES-GCM with a 12-byte IV and a 16-byte tag under one key, set once (the key schedule is
/// expanded once per message, not per frame). Not shared between tasks: one per message.
///
/// libcrypto keeps the expanded key in the context, which `EVP_CIPHER_CTX_free` cleanses.
final class AESGCM {
    private let context: OpaquePointer

    /// A cipher for `key` (16, 24 or 32 bytes), for sealing when `encrypting`, else opening.
    init(key: KMSSecretBytes, encrypting: Bool) throws(EncryptionSDKError) {
        let cipher = try LibCrypto.gcmCipher(keyLength: key.count)
        guard let context = EVP_CIPHER_CTX_new() else { throw .cryptoFailure("EVP_CIPHER_CTX_new failed") }
        let ok = key.withUnsafeBytes { key in
            swiftkms_gcm_set_key(context, cipher, key.baseAddress!.assumingMemoryBound(to: UInt8.self), encrypting ? 1 : 0) == 1
        }
        guard ok else {
            EVP_CIPHER_CTX_free(context)
            throw .cryptoFailure("AES-GCM key setup failed")
        }
        self.context = context
    }

    deinit { EVP_CIPHER_CTX_free(context) }

    /// Encrypts `plaintext` into `output` (same length) and writes the tag into `tag` (16).
    func seal(
        iv: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer, plaintext: UnsafeRawBufferPointer,
        output: UnsafeMutableRawBufferPointer, tag: UnsafeMutableRawBufferPointer
    ) throws(EncryptionSDKError) {
        precondition(iv.count == AlgorithmSuite.ivLength && tag.count == AlgorithmSuite.tagLength && output.count == plaintext.count)
        let ok = swiftkms_gcm_seal(
            context, Self.pointer(iv), Self.pointer(aad), aad.count, Self.pointer(plaintext), plaintext.count,
            Self.mutablePointer(output), Self.mutablePointer(tag))
        guard ok == 1 else { throw .cryptoFailure("AES-GCM encryption failed") }
    }

    /// Decrypts `ciphertext` into `output` (same length); false when the tag does not verify,
    /// and `output` must then be discarded.
    func open(
        iv: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer, ciphertext: UnsafeRawBufferPointer,
        tag: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer
    ) -> Bool {
        guard iv.count == AlgorithmSuite.ivLength, tag.count == AlgorithmSuite.tagLength,
              output.count == ciphertext.count else { return false }
        return swiftkms_gcm_open(
            context, Self.pointer(iv), Self.pointer(aad), aad.count, Self.pointer(ciphertext), ciphertext.count,
            Self.pointer(tag), Self.mutablePointer(output)) == 1
    }

    /// Seals arrays; returns the ciphertext and the tag.
    func seal(iv: [UInt8], aad: [UInt8], plaintext: UnsafeRawBufferPointer) throws(EncryptionSDKError) -> (ciphertext: [UInt8], tag: [UInt8]) {
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
        var tag = [UInt8](repeating: 0, count: AlgorithmSuite.tagLength)
        do {
            try iv.withUnsafeBytes { iv in
                try aad.withUnsafeBytes { aad in
                    try ciphertext.withUnsafeMutableBytes { output in
                        try tag.withUnsafeMutableBytes { tag in
                            try seal(iv: iv, aad: aad, plaintext: plaintext, output: output, tag: tag)
                        }
                    }
                }
            }
        } catch let error as EncryptionSDKError {
            throw error
        } catch {
            throw .cryptoFailure("AES-GCM encryption failed")
        }
        return (ciphertext, tag)
    }

    /// A tag over `aad` alone (the header authentication): sealing an empty plaintext.
    func tag(iv: [UInt8], aad: [UInt8]) throws(EncryptionSDKError) -> [UInt8] {
        try seal(iv: iv, aad: aad, plaintext: UnsafeRawBufferPointer(start: nil, count: 0)).tag
    }

    /// Whether `tag` authenticates `aad` alone with `iv`.
    func verifyTag(iv: [UInt8], aad: UnsafeRawBufferPointer, tag: [UInt8]) -> Bool {
        iv.withUnsafeBytes { iv in
            tag.withUnsafeBytes { tag in
                open(iv: iv, aad: aad, ciphertext: UnsafeRawBufferPointer(start: nil, count: 0), tag: tag,
                     output: UnsafeMutableRawBufferPointer(start: nil, count: 0))
            }
        }
    }

    /// libcrypto wants a non-null pointer even for zero bytes; nothing is ever read from or
    /// written to it (every use has a count of zero).
    nonisolated(unsafe) private static let empty = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

    private static func pointer(_ buffer: UnsafeRawBufferPointer) -> UnsafePointer<UInt8> {
        buffer.baseAddress.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) } ?? UnsafePointer(empty)
    }

    private static func mutablePointer(_ buffer: UnsafeMutableRawBufferPointer) -> UnsafeMutablePointer<UInt8> {
        buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? empty
    }
}
