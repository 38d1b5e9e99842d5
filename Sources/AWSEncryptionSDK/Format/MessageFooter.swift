/// The footer of a signed message (spec `data-format/message-footer.md`): a u16 length then a
/// DER ECDSA signature over the header and body.
struct MessageFooter: Sendable, Equatable {
    var signature: [UInt8]

    /// Reads the footer; nothing may follow it.
    static func parse(_ reader: inout ByteReader) throws(EncryptionSDKError) -> MessageFooter {
        let signature = try reader.readShortLengthPrefixed("signature")
        return MessageFooter(signature: signature)
    }
}
