import KMS

/// Writes one message from its materials: header with its tag, framed body, footer. Holds
/// the message key and the running signature; used once.
struct MessageEncryptor {
    let header: MessageHeader
    /// The header's bytes, tag included: serialized once, for the tag and for the output.
    private let serializedHeader: [UInt8]
    private let cipher: AESGCM
    private let signature: MessageSignature?
    let frameLength: Int

    /// Derives the keys, builds and authenticates the header.
    init(materials: EncryptionMaterials, frameLength: Int) throws {
        guard let dataKey = materials.plaintextDataKey else {
            throw EncryptionSDKError.keyringFailed("the encryption materials have no data key")
        }
        let suite = materials.algorithmSuite
        guard suite.isSigned == (materials.signingKey != nil) else {
            throw EncryptionSDKError.invalidParameter("the materials' signing key does not match suite \(suite)")
        }
        let messageId = try LibCrypto.randomBytes(suite.messageIdLength)
        let keys = try MessageKeys(suite: suite, dataKey: dataKey, messageId: messageId)
        let required = materials.requiredEncryptionContextKeys
        let stored = materials.encryptionContext.filter { !required.contains($0.key) }
        let authenticatedOnly = materials.encryptionContext.filter { required.contains($0.key) }
        var header = try MessageHeader(
            algorithmSuite: suite, messageId: messageId, encryptionContext: stored,
            encryptedDataKeys: materials.encryptedDataKeys, frameLength: UInt32(frameLength),
            suiteData: keys.commitKey ?? [])
        let cipher = try AESGCM(key: keys.encryptionKey, encrypting: true)
        var serialized = try header.serializeBody()
        let tag: [UInt8]
        if authenticatedOnly.isEmpty {
            tag = try cipher.tag(iv: Self.headerIV, aad: serialized)
        } else {
            tag = try cipher.tag(iv: Self.headerIV, aad: serialized + EncryptionContextCoding.serialize(authenticatedOnly))
        }
        header.headerTag = tag
        serialized.append(contentsOf: header.headerIV)
        serialized.append(contentsOf: tag)
        self.header = header
        self.serializedHeader = serialized
        self.cipher = cipher
        self.signature = try materials.signingKey.map { try MessageSignature(signingWith: $0) }
        self.frameLength = frameLength
    }

    /// The header authentication IV: zeros (each message has its own key).
    private static let headerIV = [UInt8](repeating: 0, count: AlgorithmSuite.ivLength)

    /// The size of the whole message for `plaintextLength` bytes, header included.
    func messageLength(plaintextLength: Int, headerLength: Int) -> Int {
        let frames = plaintextLength / frameLength
        let regular = frames * (4 + AlgorithmSuite.ivLength + frameLength + AlgorithmSuite.tagLength)
        let final = 4 + 4 + AlgorithmSuite.ivLength + 4 + plaintextLength % frameLength + AlgorithmSuite.tagLength
        return headerLength + regular + final + Self.footerRoom(header.algorithmSuite)
    }

    /// The whole message for `plaintext`, written straight into the array's storage (sized from
    /// the layout: no zero-filling, no growing).
    func encrypt(_ plaintext: [UInt8]) throws -> [UInt8] {
        let frames = plaintext.count / frameLength + 1
        guard frames <= Int(UInt32.max) else {
            throw EncryptionSDKError.invalidParameter("\(frames) frames: more than 2^32 - 1; use a longer frame length")
        }
        let header = try startMessage()
        let capacity = messageLength(plaintextLength: plaintext.count, headerLength: header.count)
        return try [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var writer = ByteWriter(UnsafeMutableRawBufferPointer(buffer))
            writer.write(header)
            try plaintext.withUnsafeBytes { plaintext in
                var sequenceNumber: UInt32 = 1
                let consumed = try writeFrames(of: plaintext, sequenceNumber: &sequenceNumber, to: &writer)
                try writeEnd(lastContent: UnsafeRawBufferPointer(rebasing: plaintext[consumed...]), sequenceNumber: sequenceNumber, to: &writer)
            }
            count = writer.offset
        }
    }

    /// The serialized header, added to the signature.
    func startMessage() throws -> [UInt8] {
        try signature?.update(serializedHeader)
        return serializedHeader
    }

    /// Appends a regular frame for each whole frame of `plaintext`, numbering from
    /// `sequenceNumber` (left at the next number); returns how many bytes were used.
    func appendFrames(of plaintext: UnsafeRawBufferPointer, sequenceNumber: inout UInt32, to output: inout [UInt8]) throws -> Int {
        let whole = plaintext.count / frameLength
        guard whole > 0 else { return 0 }
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: whole * BodyFrame.size(kind: .regular, contentLength: frameLength)))
        return try output.withUnsafeMutableBytes { buffer in
            var writer = ByteWriter(UnsafeMutableRawBufferPointer(rebasing: buffer[start...]))
            return try writeFrames(of: plaintext, sequenceNumber: &sequenceNumber, to: &writer)
        }
    }

    /// Appends the final frame (`lastContent`, shorter than a frame, maybe empty) and, for
    /// signed suites, the footer.
    func finishMessage(lastContent: UnsafeRawBufferPointer, sequenceNumber: UInt32, to output: inout [UInt8]) throws {
        let start = output.count
        let room = BodyFrame.size(kind: .final, contentLength: lastContent.count) + Self.footerRoom(header.algorithmSuite)
        output.append(contentsOf: repeatElement(0, count: room))
        let used = try output.withUnsafeMutableBytes { buffer in
            var writer = ByteWriter(UnsafeMutableRawBufferPointer(rebasing: buffer[start...]))
            try writeEnd(lastContent: lastContent, sequenceNumber: sequenceNumber, to: &writer)
            return writer.offset
        }
        output.removeLast(room - used)
    }

    /// The most bytes a footer takes: a u16 length and a DER ECDSA signature (at most 104 bytes
    /// for P-384).
    static func footerRoom(_ suite: AlgorithmSuite) -> Int {
        suite.isSigned ? 2 + 120 : 0
    }

    /// Writes a regular frame for each whole frame of `plaintext`; see ``appendFrames(of:sequenceNumber:to:)``.
    private func writeFrames(of plaintext: UnsafeRawBufferPointer, sequenceNumber: inout UInt32, to writer: inout ByteWriter) throws -> Int {
        var offset = 0
        while plaintext.count - offset >= frameLength {
            guard sequenceNumber < UInt32.max else {
                throw EncryptionSDKError.invalidParameter("more than 2^32 - 1 frames; use a longer frame length")
            }
            try writeFrame(kind: .regular, sequenceNumber: sequenceNumber,
                           content: UnsafeRawBufferPointer(rebasing: plaintext[offset..<(offset + frameLength)]), to: &writer)
            offset += frameLength
            sequenceNumber += 1
        }
        return offset
    }

    /// Writes the final frame and, for signed suites, the footer.
    private func writeEnd(lastContent: UnsafeRawBufferPointer, sequenceNumber: UInt32, to writer: inout ByteWriter) throws {
        try writeFrame(kind: .final, sequenceNumber: sequenceNumber, content: lastContent, to: &writer)
        if let signature {
            let footer = try signature.sign()
            guard footer.count <= Int(UInt16.max), 2 + footer.count <= writer.remaining else {
                throw EncryptionSDKError.cryptoFailure("a \(footer.count)-byte signature does not fit the footer")
            }
            writer.writeBigEndian(UInt16(footer.count))
            writer.write(footer)
        }
    }

    /// Writes one frame: its fields, the content sealed in place, the tag; and adds it to the
    /// signature.
    private func writeFrame(kind: BodyFrame.Kind, sequenceNumber: UInt32, content: UnsafeRawBufferPointer, to writer: inout ByteWriter) throws {
        let start = writer.offset
        let iv = BodyFrame.writePrefix(kind: kind, sequenceNumber: sequenceNumber, contentLength: content.count, to: &writer)
        let sealed = writer.take(content.count)
        let tag = writer.take(AlgorithmSuite.tagLength)
        try BodyFrame.withAAD(messageId: header.messageId, kind: kind, sequenceNumber: sequenceNumber, contentLength: content.count) { aad in
            try cipher.seal(iv: iv, aad: aad, plaintext: content, output: sealed, tag: tag)
        }
        try signature?.update(writer.written(from: start))
    }
}
