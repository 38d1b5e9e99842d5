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
    nonisolated(unsafe) private static let sha256 = EVP_MD_fetch(nil, "SHA256", nil)
    nonisolated(unsafe) private static let sha384 = EVP_MD_fetch(nil, "SHA384", nil)
    nonisolated(unsafe) private static let sha512 = EVP_MD_fetch(nil, "SHA512", nil)

    /// The fetched message digest for `digest`.
    static func messageDigest(_ digest: AlgorithmSuite.Digest) throws(EncryptionSDKError) -> OpaquePointer {
        let md: OpaquePointer? = switch digest {
        case .sha256: sha256
        case .sha384: sha384
        case .sha512: sha512
        }
        guard let md else { throw .cryptoFailure("no \(digest.name) in libcrypto") }
        return md
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

    /// `count` random bytes from the operating system's CSPRNG (`swiftkms_random`).
    static func randomBytes(_ count: Int) throws(EncryptionSDKError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let ok = bytes.withUnsafeMutableBytes { buffer in
            count == 0 || swiftkms_random(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count) == 1
        }
        guard ok else { throw .cryptoFailure("the system's random source failed") }
        return bytes
    }

    /// A new secret of `count` random bytes and `publicCount` more that are not secret (a data
    /// key and the IV that wraps it), drawn together: one system call instead of two.
    static func randomSecret(_ count: Int, andPublic publicCount: Int) throws(EncryptionSDKError) -> (secret: KMSSecretBytes, public: [UInt8]) {
        var publicBytes = [UInt8](repeating: 0, count: publicCount)
        do {
            let secret = try KMSSecretBytes(count: count) { secret in
                try withUnsafeTemporaryAllocation(byteCount: count + publicCount, alignment: 16) { scratch in
                    defer { KMSSecretBytes.wipe(scratch) }
                    guard scratch.isEmpty || swiftkms_random(scratch.baseAddress!.assumingMemoryBound(to: UInt8.self), scratch.count) == 1 else {
                        throw EncryptionSDKError.cryptoFailure("the system's random source failed")
                    }
                    secret.copyMemory(from: UnsafeRawBufferPointer(rebasing: scratch[..<count]))
                    publicBytes.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: scratch[count...])) }
                }
            }
            return (secret, publicBytes)
        } catch let error as EncryptionSDKError {
            throw error
        } catch {
            throw .cryptoFailure("the system's random source failed")
        }
    }

    /// Whether two byte strings are equal, in time that depends only on their length.
    static func constantTimeEqual(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard lhs.count > 0 else { return true }
        return CRYPTO_memcmp(lhs.baseAddress!, rhs.baseAddress!, lhs.count) == 0
    }
}
