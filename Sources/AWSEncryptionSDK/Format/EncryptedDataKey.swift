/// A data key encrypted by one key provider, as stored in the message header.
///
/// Keyrings add these on encrypt and choose among them on decrypt: `providerId` names the
/// kind of key (`aws-kms`, a raw keyring's namespace), `providerInfo` which key (a KMS key
/// ARN, a raw key's name and IV), `ciphertext` the wrapped data key.
public struct EncryptedDataKey: Sendable, Hashable, CustomStringConvertible {
    /// The key provider id (UTF-8), e.g. `aws-kms`.
    public var providerId: String
    /// Provider-specific bytes naming the wrapping key.
    public var providerInfo: [UInt8]
    /// The encrypted data key.
    public var ciphertext: [UInt8]

    /// Creates an encrypted data key from its parts.
    public init(providerId: String, providerInfo: [UInt8], ciphertext: [UInt8]) {
        self.providerId = providerId
        self.providerInfo = providerInfo
        self.ciphertext = ciphertext
    }

    /// The provider id, the provider info when it is printable, and the ciphertext length.
    public var description: String {
        let info = String(validating: providerInfo, as: UTF8.self)
            .flatMap { text in text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F } ? text : nil }
            ?? "\(providerInfo.count) bytes"
        return "EncryptedDataKey(providerId: \(providerId), providerInfo: \(info), ciphertext: \(ciphertext.count) bytes)"
    }

    /// Appends the header form: three u16-prefixed fields.
    func serialize(into output: inout [UInt8]) throws(EncryptionSDKError) {
        let id = Array(providerId.utf8)
        guard id.count <= Int(UInt16.max), providerInfo.count <= Int(UInt16.max), ciphertext.count <= Int(UInt16.max) else {
            throw .invalidParameter("an encrypted data key field is longer than 65535 bytes")
        }
        output.appendShortLengthPrefixed(id)
        output.appendShortLengthPrefixed(providerInfo)
        output.appendShortLengthPrefixed(ciphertext)
    }

    /// Reads one from the header.
    static func parse(_ reader: inout ByteReader) throws(EncryptionSDKError) -> EncryptedDataKey {
        let id = try reader.readShortLengthPrefixed("encrypted data key provider id")
        guard let providerId = String(validating: id, as: UTF8.self) else {
            throw .malformed("an encrypted data key's provider id is not UTF-8")
        }
        let info = try reader.readShortLengthPrefixed("encrypted data key provider info")
        let ciphertext = try reader.readShortLengthPrefixed("encrypted data key ciphertext")
        return EncryptedDataKey(providerId: providerId, providerInfo: info, ciphertext: ciphertext)
    }
}
