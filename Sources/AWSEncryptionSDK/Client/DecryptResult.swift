/// A decrypted message: the plaintext, released only after every tag and, for signed
/// suites, the signature verified; the encryption context it was bound to; and its suite.
public struct DecryptResult: Sendable, CustomStringConvertible {
    /// The plaintext.
    public let plaintext: [UInt8]
    /// The message's encryption context (with `aws-crypto-public-key` for signed suites, and
    /// any values supplied at decrypt for keys that were not stored).
    public let encryptionContext: [String: String]
    /// The suite the message was encrypted with.
    public let algorithmSuite: AlgorithmSuite

    /// The suite, the context's keys and the plaintext length; never the plaintext.
    public var description: String {
        "DecryptResult(suite: \(algorithmSuite), context keys: \(encryptionContext.keys.sorted()), plaintext: \(plaintext.count) bytes)"
    }
}
