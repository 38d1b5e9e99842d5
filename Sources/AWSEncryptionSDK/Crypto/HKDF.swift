import CLibCrypto
import KMS

/// HKDF (RFC 5869, extract then expand) over libcrypto's HMAC, on contexts duplicated from a
/// per-digest template (OpenSSL 3's EVP_KDF looks the digest up by name on every call, which
/// cost a third of a small message's encryption).
enum HKDF {
    /// `length` bytes derived from `key` with `salt` and `info`, in a zeroing container.
    static func derive(
        digest: AlgorithmSuite.Digest, key: KMSSecretBytes, salt: [UInt8], info: [UInt8], length: Int
    ) throws(EncryptionSDKError) -> KMSSecretBytes {
        let template = try LibCrypto.hmacTemplate(digest)
        do {
            return try KMSSecretBytes(count: length) { output in
                let ok = key.withUnsafeBytes { key in
                    salt.withUnsafeBufferPointer { salt in
                        info.withUnsafeBufferPointer { info in
                            swiftkms_hkdf(
                                template, digest.length,
                                key.baseAddress!.assumingMemoryBound(to: UInt8.self), key.count,
                                salt.baseAddress, salt.count, info.baseAddress, info.count,
                                output.baseAddress!.assumingMemoryBound(to: UInt8.self), length)
                        }
                    }
                }
                guard ok == 1 else { throw EncryptionSDKError.cryptoFailure("HKDF failed") }
            }
        } catch let error as EncryptionSDKError {
            throw error
        } catch {
            throw .cryptoFailure("HKDF failed")
        }
    }
}
