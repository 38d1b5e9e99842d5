import CLibCrypto

/// A cache entry's id, computed as the spec's caching CMM (`framework/caching-cmm.md`, appendix
/// A, version 0.4.0) says: SHA-384 over the resource id (caching CMM, `01`), the scope
/// (encrypt `01`, decrypt `02`), the partition id and a resource suffix (the suite when the
/// request names one, the sorted serialized encrypted data keys for decrypt, the serialized
/// encryption context), separated by zero bytes.
///
/// Two managers that share a cache share entries only when their partitions are equal, and a
/// different context, suite or set of encrypted data keys is a different entry.
struct CacheIdentifier: Hashable, Sendable {
    /// The 48-byte digest.
    let digest: [UInt8]

    /// The digest's bytes in one call: `Array`'s own hashing feeds the hasher a byte at a time,
    /// which cost more than the SHA-384 on every cache hit.
    func hash(into hasher: inout Hasher) {
        digest.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    private static let cachingCMM: UInt8 = 0x01
    private static let encryptScope: UInt8 = 0x01
    private static let decryptScope: UInt8 = 0x02

    /// The id of encryption materials for `context`, with or without a requested suite.
    static func encryption(
        partition: String, suite: AlgorithmSuite?, context: [String: String]
    ) throws(EncryptionSDKError) -> CacheIdentifier {
        var input = prefix(scope: encryptScope, partition: partition)
        if let suite {
            input.append(0x01)
            input.append(0x00)
            input.appendBigEndian(suite.rawValue)
        } else {
            input.append(0x00)
        }
        input.append(0x00)
        input += try EncryptionContextCoding.serialize(context)
        return try CacheIdentifier(hashing: input)
    }

    /// The id of decryption materials for a message's suite, encrypted data keys and context.
    static func decryption(
        partition: String, suite: AlgorithmSuite, encryptedDataKeys: [EncryptedDataKey], context: [String: String]
    ) throws(EncryptionSDKError) -> CacheIdentifier {
        var input = prefix(scope: decryptScope, partition: partition)
        input.appendBigEndian(suite.rawValue)
        input.append(0x00)
        var serialized: [[UInt8]] = []
        serialized.reserveCapacity(encryptedDataKeys.count)
        for key in encryptedDataKeys {
            var bytes: [UInt8] = []
            try key.serialize(into: &bytes)
            serialized.append(bytes)
        }
        for bytes in serialized.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            input += bytes
        }
        input.append(0x00)
        input += try EncryptionContextCoding.serialize(context)
        return try CacheIdentifier(hashing: input)
    }

    private static func prefix(scope: UInt8, partition: String) -> [UInt8] {
        var input: [UInt8] = [cachingCMM, 0x00, scope, 0x00]
        input += partition.utf8
        input.append(0x00)
        return input
    }

    private init(hashing input: [UInt8]) throws(EncryptionSDKError) {
        let sha384 = try LibCrypto.messageDigest(.sha384)
        var digest = [UInt8](repeating: 0, count: 48)
        var length: UInt32 = 0
        let ok = input.withUnsafeBytes { source in
            digest.withUnsafeMutableBytes { output in
                // The fetched digest: EVP_sha384() would make OpenSSL 3 fetch it by name each time.
                EVP_Digest(
                    source.baseAddress, source.count, output.baseAddress!.assumingMemoryBound(to: UInt8.self), &length,
                    sha384, nil) == 1
            }
        }
        guard ok, length == 48 else { throw .cryptoFailure("SHA-384 of a cache id failed") }
        self.digest = digest
    }
}
