/// One authenticated unit of the message body (spec `data-format/message-body.md`): a regular
/// frame, the final frame, or the single block of a non-framed body. Holds ranges into the
/// message bytes, not copies.
struct BodyFrame: Sendable, Equatable {
    /// What the body AAD calls this unit.
    enum Kind: Sendable {
        case regular, final, singleBlock

        /// The AAD content string (spec `data-format/message-body-aad.md`).
        var aadContent: String {
            switch self {
            case .regular: "AWSKMSEncryptionClient Frame"
            case .final: "AWSKMSEncryptionClient Final Frame"
            case .singleBlock: "AWSKMSEncryptionClient Single Block"
            }
        }

        /// ``aadContent`` as bytes, made once.
        var aadContentBytes: [UInt8] {
            switch self {
            case .regular: Self.regularBytes
            case .final: Self.finalBytes
            case .singleBlock: Self.singleBlockBytes
            }
        }

        private static let regularBytes = Array(Kind.regular.aadContent.utf8)
        private static let finalBytes = Array(Kind.final.aadContent.utf8)
        private static let singleBlockBytes = Array(Kind.singleBlock.aadContent.utf8)
    }

    var kind: Kind
    var sequenceNumber: UInt32
    var iv: Range<Int>
    var content: Range<Int>
    var tag: Range<Int>

    /// The marker that starts a final frame.
    static let finalFrameMarker: UInt32 = 0xFFFF_FFFF
    /// The most a non-framed body may hold (2^36 - 32 bytes), as the spec says.
    static let maxNonFramedContentLength: UInt64 = (1 << 36) - 32

    /// Reads the next frame of a framed body.
    static func parseFramed(_ reader: inout ByteReader, frameLength: UInt32) throws(EncryptionSDKError) -> BodyFrame {
        let first = try reader.readUInt32("frame sequence number")
        if first == finalFrameMarker {
            let sequenceNumber = try reader.readUInt32("final frame sequence number")
            let iv = try reader.readRange(AlgorithmSuite.ivLength, "final frame IV")
            let length = try reader.readUInt32("final frame content length")
            guard length <= frameLength else {
                throw .malformed("final frame content length \(length) over the frame length \(frameLength)")
            }
            let content = try reader.readRange(Int(length), "final frame content")
            let tag = try reader.readRange(AlgorithmSuite.tagLength, "final frame tag")
            return BodyFrame(kind: .final, sequenceNumber: sequenceNumber, iv: iv, content: content, tag: tag)
        }
        let iv = try reader.readRange(AlgorithmSuite.ivLength, "frame IV")
        let content = try reader.readRange(Int(frameLength), "frame content")
        let tag = try reader.readRange(AlgorithmSuite.tagLength, "frame tag")
        return BodyFrame(kind: .regular, sequenceNumber: first, iv: iv, content: content, tag: tag)
    }

    /// Reads the single block of a non-framed body.
    static func parseNonFramed(_ reader: inout ByteReader) throws(EncryptionSDKError) -> BodyFrame {
        let iv = try reader.readRange(AlgorithmSuite.ivLength, "body IV")
        let length = try reader.readUInt64("body content length")
        guard length <= maxNonFramedContentLength else {
            throw .malformed("non-framed content length \(length) over 2^36 - 32")
        }
        let content = try reader.readRange(Int(length), "body content")
        let tag = try reader.readRange(AlgorithmSuite.tagLength, "body tag")
        return BodyFrame(kind: .singleBlock, sequenceNumber: 1, iv: iv, content: content, tag: tag)
    }

    /// Calls `body` with the body AAD: message id, the kind's string, the sequence number (u32)
    /// and the content length (u64), built on the stack (this runs once per frame).
    static func withAAD<Result>(
        messageId: [UInt8], kind: Kind, sequenceNumber: UInt32, contentLength: Int,
        _ body: (UnsafeRawBufferPointer) throws -> Result
    ) rethrows -> Result {
        let content = kind.aadContentBytes
        let count = messageId.count + content.count + 12
        return try withUnsafeTemporaryAllocation(byteCount: count, alignment: 8) { buffer in
            var writer = ByteWriter(buffer)
            writer.write(messageId)
            writer.write(content)
            writer.writeBigEndian(sequenceNumber)
            writer.writeBigEndian(UInt64(contentLength))
            return try body(UnsafeRawBufferPointer(buffer))
        }
    }

    /// The bytes a frame takes: its fields around `contentLength` bytes of content.
    static func size(kind: Kind, contentLength: Int) -> Int {
        (kind == .final ? 4 + 4 + AlgorithmSuite.ivLength + 4 : 4 + AlgorithmSuite.ivLength) + contentLength + AlgorithmSuite.tagLength
    }

    /// Writes the fields before a frame's content (regular: sequence number and IV; final:
    /// marker, sequence number, IV and length) and returns the IV (8 zero bytes then the
    /// sequence number), as written.
    static func writePrefix(
        kind: Kind, sequenceNumber: UInt32, contentLength: Int, to writer: inout ByteWriter
    ) -> UnsafeRawBufferPointer {
        if kind == .final { writer.writeBigEndian(finalFrameMarker) }
        writer.writeBigEndian(sequenceNumber)
        let ivStart = writer.offset
        writer.writeBigEndian(UInt64(0))
        writer.writeBigEndian(sequenceNumber)
        let iv = writer.written(from: ivStart)
        if kind == .final { writer.writeBigEndian(UInt32(contentLength)) }
        return iv
    }
}
