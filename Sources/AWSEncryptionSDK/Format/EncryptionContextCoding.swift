/// The serialized encryption context (spec `framework/structures.md#serialization`): a u16
/// pair count, then each pair as u16-prefixed UTF-8 key and value, sorted by the key's UTF-8
/// bytes. An empty context is no bytes at all.
enum EncryptionContextCoding {
    /// Serializes `context`; fails when a count or length does not fit its u16 field.
    static func serialize(_ context: [String: String]) throws(EncryptionSDKError) -> [UInt8] {
        guard !context.isEmpty else { return [] }
        guard context.count <= Int(UInt16.max) else {
            throw .invalidParameter("the encryption context has \(context.count) pairs, more than 65535")
        }
        let pairs = context.map { (key: Array($0.key.utf8), value: Array($0.value.utf8)) }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
        var output: [UInt8] = []
        output.appendBigEndian(UInt16(pairs.count))
        for pair in pairs {
            guard pair.key.count <= Int(UInt16.max), pair.value.count <= Int(UInt16.max) else {
                throw .invalidParameter("an encryption context key or value is longer than 65535 bytes")
            }
            output.appendShortLengthPrefixed(pair.key)
            output.appendShortLengthPrefixed(pair.value)
        }
        return output
    }

    /// Parses a serialized context that fills `bytes` exactly: UTF-8 keys and values, no
    /// duplicate key, nothing left over. Inside the AAD field, running out of bytes means the
    /// field's length is wrong, so that is `malformed`, not `truncated`.
    static func parse(_ bytes: [UInt8]) throws(EncryptionSDKError) -> [String: String] {
        guard !bytes.isEmpty else { return [:] }
        var reader = ByteReader(bytes)
        var context: [String: String] = [:]
        do throws(EncryptionSDKError) {
            let count = Int(try reader.readUInt16("encryption context pair count"))
            guard count > 0 else { throw EncryptionSDKError.malformed("a non-empty encryption context field with zero pairs") }
            context.reserveCapacity(min(count, bytes.count / 4))
            for _ in 0..<count {
                let key = try reader.readShortLengthPrefixed("encryption context key")
                let value = try reader.readShortLengthPrefixed("encryption context value")
                guard let keyString = String(validating: key, as: UTF8.self),
                      let valueString = String(validating: value, as: UTF8.self)
                else { throw EncryptionSDKError.malformed("an encryption context key or value is not UTF-8") }
                guard context.updateValue(valueString, forKey: keyString) == nil else {
                    throw EncryptionSDKError.malformed("duplicate encryption context key")
                }
            }
        } catch where error.code == .truncated {
            throw .malformed("the encryption context is shorter than its pairs say")
        }
        guard reader.remaining == 0 else { throw .malformed("bytes after the last encryption context pair") }
        return context
    }
}
