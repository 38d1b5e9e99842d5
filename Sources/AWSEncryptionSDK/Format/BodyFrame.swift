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

    /// The body AAD: message id, the kind's string, the sequence number (u32) and the content
    /// length (u64).
    static func aad(messageId: [UInt8], kind: Kind, sequenceNumber: UInt32, contentLength: Int) -> [UInt8] {
        var aad: [UInt8] = []
        aad.reserveCapacity(messageId.count + 48)
        aad.append(contentsOf: messageId)
        aad.append(contentsOf: kind.aadContent.utf8)
        aad.appendBigEndian(sequenceNumber)
        aad.appendBigEndian(UInt64(contentLength))
        return aad
    }

    /// The IV the writer uses: 8 zero bytes then the sequence number.
    static func iv(sequenceNumber: UInt32) -> [UInt8] {
        var iv = [UInt8](repeating: 0, count: AlgorithmSuite.ivLength - 4)
        iv.appendBigEndian(sequenceNumber)
        return iv
    }

    /// Appends the fields before a regular frame's content: sequence number and IV.
    static func appendRegularPrefix(sequenceNumber: UInt32, to output: inout [UInt8]) {
        output.appendBigEndian(sequenceNumber)
        output.append(contentsOf: iv(sequenceNumber: sequenceNumber))
    }

    /// Appends the fields before the final frame's content: marker, sequence number, IV, length.
    static func appendFinalPrefix(sequenceNumber: UInt32, contentLength: Int, to output: inout [UInt8]) {
        output.appendBigEndian(finalFrameMarker)
        output.appendBigEndian(sequenceNumber)
        output.append(contentsOf: iv(sequenceNumber: sequenceNumber))
        output.appendBigEndian(UInt32(contentLength))
    }
}
