import CLibCrypto
import KMS

/// HKDF (RFC 5869, extract then expand) with HMAC computed on one reused digest context
/// (`swiftkms_hkdf`): OpenSSL 3's EVP_KDF looks the digest up by name on every call and its
/// EVP_MAC allocates on every key, which together cost a third of a small message's encryption.
enum HKDF {
    /// `length` bytes derived from `key` with `salt` and `info`, in a zeroing container.
    static func derive(
        digest: AlgorithmSuite.Digest, key: KMSSecretBytes, salt: [UInt8], info: [UInt8], length: Int
    ) throws(EncryptionSDKError) -> KMSSecretBytes {
        var unused: [UInt8] = []
        return try derive(digest: digest, key: key, salt: salt, info: info, length: length, publicInfo: [], publicOutput: &unused)
    }

    /// `length` secret bytes for `info` and, from the same extract, `publicOutput.count` bytes
    /// for `publicInfo` written into `publicOutput` (a commit key, which the header stores, so
    /// an ordinary array).
    static func derive(
        digest: AlgorithmSuite.Digest, key: KMSSecretBytes, salt: [UInt8], info: [UInt8], length: Int,
        publicInfo: [UInt8], publicOutput: inout [UInt8]
    ) throws(EncryptionSDKError) -> KMSSecretBytes {
        let md = try LibCrypto.messageDigest(digest)
        guard length <= 255 * digest.length, publicOutput.count <= 255 * digest.length else {
            throw .cryptoFailure("HKDF output longer than 255 blocks")
        }
        do {
            return try KMSSecretBytes(count: length) { output in
                let ok = key.withUnsafeBytes { key in
                    salt.withUnsafeBufferPointer { salt in
                        info.withUnsafeBufferPointer { info in
                            publicInfo.withUnsafeBufferPointer { publicInfo in
                                publicOutput.withUnsafeMutableBufferPointer { publicOutput in
                                    swiftkms_hkdf(
                                        md, key.baseAddress?.assumingMemoryBound(to: UInt8.self), key.count,
                                        salt.baseAddress, salt.count, info.baseAddress, info.count,
                                        output.baseAddress?.assumingMemoryBound(to: UInt8.self), length,
                                        publicInfo.baseAddress, publicInfo.count, publicOutput.baseAddress, publicOutput.count)
                                }
                            }
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
