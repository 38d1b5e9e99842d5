/// The message header (spec `data-format/message-header.md`), versions 1 and 2: pure byte
/// layout, no keys. Parsing then serializing gives back the same bytes.
struct MessageHeader: Sendable, Equatable {
    /// How the body is laid out.
    enum ContentType: UInt8, Sendable {
        case nonFramed = 1
        case framed = 2
    }

    /// 1 or 2, fixed by the suite.
    var version: UInt8
    var algorithmSuite: AlgorithmSuite
    /// 16 bytes (v1) or 32 (v2).
    var messageId: [UInt8]
    /// The AAD field's serialized encryption context exactly as stored (it is authenticated).
    var serializedEncryptionContext: [UInt8]
    var encryptionContext: [String: String]
    var encryptedDataKeys: [EncryptedDataKey]
    var contentType: ContentType
    /// 0 for non-framed bodies.
    var frameLength: UInt32
    /// v2: the commit key; v1: empty.
    var suiteData: [UInt8]
    /// v1: the header authentication IV (written as zeros); v2: implicitly zeros, empty here.
    var headerIV: [UInt8]
    var headerTag: [UInt8]

    static let v1Type: UInt8 = 0x80

    /// A header for encrypting; the authentication is filled in later.
    init(
        algorithmSuite: AlgorithmSuite, messageId: [UInt8], encryptionContext: [String: String],
        encryptedDataKeys: [EncryptedDataKey], frameLength: UInt32, suiteData: [UInt8]
    ) throws(EncryptionSDKError) {
        self.version = algorithmSuite.messageFormatVersion
        self.algorithmSuite = algorithmSuite
        self.messageId = messageId
        self.encryptionContext = encryptionContext
        self.serializedEncryptionContext = try EncryptionContextCoding.serialize(encryptionContext)
        guard serializedEncryptionContext.count <= Int(UInt16.max) else {
            throw .invalidParameter("the serialized encryption context is \(serializedEncryptionContext.count) bytes, more than 65535")
        }
        guard !encryptedDataKeys.isEmpty, encryptedDataKeys.count <= Int(UInt16.max) else {
            throw .invalidParameter("a message needs 1…65535 encrypted data keys, not \(encryptedDataKeys.count)")
        }
        self.encryptedDataKeys = encryptedDataKeys
        self.contentType = .framed
        self.frameLength = frameLength
        self.suiteData = suiteData
        self.headerIV = version == 1 ? [UInt8](repeating: 0, count: AlgorithmSuite.ivLength) : []
        self.headerTag = []
    }

    /// The header body: everything the header tag authenticates.
    func serializeBody() throws(EncryptionSDKError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(128 + serializedEncryptionContext.count + encryptedDataKeys.count * 300)
        output.append(version)
        if version == 1 { output.append(Self.v1Type) }
        output.appendBigEndian(algorithmSuite.rawValue)
        output.append(contentsOf: messageId)
        output.appendShortLengthPrefixed(serializedEncryptionContext)
        output.appendBigEndian(UInt16(encryptedDataKeys.count))
        for key in encryptedDataKeys { try key.serialize(into: &output) }
        output.append(contentType.rawValue)
        if version == 1 {
            output.append(contentsOf: [0, 0, 0, 0])
            output.append(UInt8(AlgorithmSuite.ivLength))
        }
        output.appendBigEndian(frameLength)
        if version == 2 { output.append(contentsOf: suiteData) }
        return output
    }

    /// The whole header: the body then the authentication (v1: IV and tag; v2: tag).
    func serialize() throws(EncryptionSDKError) -> [UInt8] {
        var output = try serializeBody()
        output.append(contentsOf: headerIV)
        output.append(contentsOf: headerTag)
        return output
    }

    /// Reads a header from the start of `reader`. Returns it and the range of its body (what
    /// the tag authenticates). A message with more than `maxEncryptedDataKeys` data keys is
    /// refused as soon as their count is read.
    static func parse(
        _ reader: inout ByteReader, maxEncryptedDataKeys: Int? = nil
    ) throws(EncryptionSDKError) -> (header: MessageHeader, body: Range<Int>) {
        let start = reader.offset
        let version = try reader.readUInt8("version")
        guard version == 1 || version == 2 else {
            throw .malformed("message format version \(version) (only 1 and 2 exist)")
        }
        if version == 1 {
            guard try reader.readUInt8("type") == v1Type else { throw .malformed("message type (not 0x80)") }
        }
        let suiteId = try reader.readUInt16("algorithm suite id")
        guard let suite = AlgorithmSuite(rawValue: suiteId) else { throw .unsupportedAlgorithmSuite(suiteId) }
        guard suite.messageFormatVersion == version else {
            throw .malformed("algorithm suite \(suite) in a version \(version) header")
        }
        let messageId = try reader.readBytes(suite.messageIdLength, "message id")
        let contextBytes = try reader.readShortLengthPrefixed("encryption context")
        let context = try EncryptionContextCoding.parse(contextBytes)
        let keyCount = Int(try reader.readUInt16("encrypted data key count"))
        guard keyCount > 0 else { throw .malformed("no encrypted data keys") }
        if let maxEncryptedDataKeys, keyCount > maxEncryptedDataKeys {
            throw .tooManyEncryptedDataKeys(keyCount, limit: maxEncryptedDataKeys)
        }
        // Each key takes at least six bytes: refuse a count the bytes cannot hold before reserving.
        try reader.require(keyCount * 6, "encrypted data keys")
        var keys: [EncryptedDataKey] = []
        keys.reserveCapacity(keyCount)
        for _ in 0..<keyCount { keys.append(try EncryptedDataKey.parse(&reader)) }
        guard let contentType = ContentType(rawValue: try reader.readUInt8("content type")) else {
            throw .malformed("content type (not 1 or 2)")
        }
        if version == 1 {
            guard try reader.readUInt32("reserved") == 0 else { throw .malformed("reserved field (not zero)") }
            guard try reader.readUInt8("IV length") == UInt8(AlgorithmSuite.ivLength) else {
                throw .malformed("IV length (not 12)")
            }
        }
        let frameLength = try reader.readUInt32("frame length")
        switch contentType {
        case .framed where frameLength == 0: throw .malformed("a framed body with frame length 0")
        case .nonFramed where frameLength != 0: throw .malformed("a non-framed body with a frame length")
        default: break
        }
        let suiteData = try reader.readBytes(suite.suiteDataLength, "algorithm suite data")
        let body = start..<reader.offset
        let headerIV = version == 1 ? try reader.readBytes(AlgorithmSuite.ivLength, "header IV") : []
        let headerTag = try reader.readBytes(AlgorithmSuite.tagLength, "header authentication tag")
        let header = MessageHeader(
            version: version, algorithmSuite: suite, messageId: messageId,
            serializedEncryptionContext: contextBytes, encryptionContext: context,
            encryptedDataKeys: keys, contentType: contentType, frameLength: frameLength,
            suiteData: suiteData, headerIV: headerIV, headerTag: headerTag)
        return (header, body)
    }

    private init(
        version: UInt8, algorithmSuite: AlgorithmSuite, messageId: [UInt8], serializedEncryptionContext: [UInt8],
        encryptionContext: [String: String], encryptedDataKeys: [EncryptedDataKey], contentType: ContentType,
        frameLength: UInt32, suiteData: [UInt8], headerIV: [UInt8], headerTag: [UInt8]
    ) {
        self.version = version
        self.algorithmSuite = algorithmSuite
        self.messageId = messageId
        self.serializedEncryptionContext = serializedEncryptionContext
        self.encryptionContext = encryptionContext
        self.encryptedDataKeys = encryptedDataKeys
        self.contentType = contentType
        self.frameLength = frameLength
        self.suiteData = suiteData
        self.headerIV = headerIV
        self.headerTag = headerTag
    }
}
