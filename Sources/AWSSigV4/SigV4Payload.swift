/// How the body enters the signature.
public enum SigV4Payload: Sendable {
    /// The body bytes; the signer hashes them with SHA-256.
    case bytes([UInt8])
    /// A SHA-256 hex digest the caller already computed.
    case precomputedHash(String)
    /// `UNSIGNED-PAYLOAD`, for bodies that are not signed (S3-style streaming).
    case unsigned
}
