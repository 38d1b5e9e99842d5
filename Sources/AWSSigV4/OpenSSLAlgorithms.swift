import CLibCrypto

/// The OpenSSL algorithm objects, fetched once per process.
///
/// OpenSSL 3 looks an algorithm up in its provider store on every `EVP_DigestInit` given
/// `EVP_sha256()`; a pre-fetched `EVP_MD`/`EVP_MAC` skips that lookup, which is a large part of
/// what one-shot `SHA256()`/`HMAC()` calls cost.
enum OpenSSLAlgorithms {
    /// `EVP_MD` for SHA-256. Immutable and thread-safe once fetched.
    nonisolated(unsafe) static let sha256: OpaquePointer = {
        guard let md = EVP_MD_fetch(nil, "SHA256", nil) else {
            fatalError("libcrypto has no SHA256 digest")
        }
        return md
    }()

    /// `EVP_MAC` for HMAC. Immutable and thread-safe once fetched.
    nonisolated(unsafe) static let hmac: OpaquePointer = {
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else {
            fatalError("libcrypto has no HMAC")
        }
        return mac
    }()
}
