import CLibCrypto
import KMS

/// The libcrypto algorithms this module uses, fetched once (OpenSSL 3 otherwise fetches
/// implicitly on every init), and the random source.
enum LibCrypto {
    // nonisolated(unsafe): fetched once, never written again; libcrypto's fetched algorithm
    // objects are immutable and safe to share between threads.
    nonisolated(unsafe) private static let aes128GCM = EVP_CIPHER_fetch(nil, "AES-128-GCM", nil)
    nonisolated(unsafe) private static let aes192GCM = EVP_CIPHER_fetch(nil, "AES-192-GCM", nil)
    nonisolated(unsafe) private static let aes256GCM = EVP_CIPHER_fetch(nil, "AES-256-GCM", nil)
    nonisolated(unsafe) private static let hmac = EVP_MAC_fetch(nil, "HMAC", nil)
    // Templates only ever duplicated (a read), never keyed or used after init.
    nonisolated(unsafe) private static let hmacSHA256 = hmac.flatMap { swiftkms_hmac_template($0, "SHA256") }
    nonisolated(unsafe) private static let hmacSHA384 = hmac.flatMap { swiftkms_hmac_template($0, "SHA384") }
    nonisolated(unsafe) private static let hmacSHA512 = hmac.flatMap { swiftkms_hmac_template($0, "SHA512") }

    /// An HMAC template context for `digest` (see `swiftkms_hmac_template`).
    static func hmacTemplate(_ digest: AlgorithmSuite.Digest) throws(EncryptionSDKError) -> OpaquePointer {
        let template: OpaquePointer? = switch digest {
        case .sha256: hmacSHA256
        case .sha384: hmacSHA384
        case .sha512: hmacSHA512
        }
        guard let template else { throw .cryptoFailure("no HMAC-\(digest.name) in libcrypto") }
        return template
    }

    /// AES-GCM for a key of `length` bytes (16, 24, 32).
    static func gcmCipher(keyLength length: Int) throws(EncryptionSDKError) -> OpaquePointer {
        let cipher: OpaquePointer? = switch length {
        case 16: aes128GCM
        case 24: aes192GCM
        case 32: aes256GCM
        default: nil
        }
        guard let cipher else { throw .cryptoFailure("no AES-GCM for a \(length)-byte key") }
        return cipher
    }

    /// `count` random bytes from libcrypto's CSPRNG.
    static func randomBytes(_ count: Int) throws(EncryptionSDKError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let ok = bytes.withUnsafeMutableBytes { buffer in
            count == 0 || RAND_bytes(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(count)) == 1
        }
        guard ok else { throw .cryptoFailure("RAND_bytes failed") }
        return bytes
    }

    /// A new secret of `count` random bytes (a data key).
    static func randomSecret(_ count: Int) throws(EncryptionSDKError) -> KMSSecretBytes {
        do {
            return try KMSSecretBytes(count: count) { buffer in
                guard count == 0 || RAND_bytes(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(count)) == 1 else {
                    throw EncryptionSDKError.cryptoFailure("RAND_bytes failed")
                }
            }
        } catch let error as EncryptionSDKError {
            throw error
        } catch {
            throw .cryptoFailure("RAND_bytes failed")
        }
    }

    /// Whether two byte strings are equal, in time that depends only on their length.
    static func constantTimeEqual(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard lhs.count > 0 else { return true }
        return CRYPTO_memcmp(lhs.baseAddress!, rhs.baseAddress!, lhs.count) == 0
    }
}
