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
        let footer = header.algorithmSuite.isSigned ? 2 + 120 : 0
        return headerLength + regular + final + footer
    }

    /// The whole message for `plaintext`.
    func encrypt(_ plaintext: [UInt8]) throws -> [UInt8] {
        let frames = plaintext.count / frameLength + 1
        guard frames <= Int(UInt32.max) else {
            throw EncryptionSDKError.invalidParameter("\(frames) frames: more than 2^32 - 1; use a longer frame length")
        }
        var output = try startMessage()
        output.reserveCapacity(messageLength(plaintextLength: plaintext.count, headerLength: output.count))
        try plaintext.withUnsafeBytes { plaintext in
            var sequenceNumber: UInt32 = 1
            let consumed = try appendFrames(of: plaintext, sequenceNumber: &sequenceNumber, to: &output)
            try finishMessage(lastContent: UnsafeRawBufferPointer(rebasing: plaintext[consumed...]), sequenceNumber: sequenceNumber, to: &output)
        }
        return output
    }

    /// The serialized header, added to the signature.
    func startMessage() throws -> [UInt8] {
        try signature?.update(serializedHeader)
        return serializedHeader
    }

    /// Appends a regular frame for each whole frame of `plaintext`, numbering from
    /// `sequenceNumber` (left at the next number); returns how many bytes were used.
    func appendFrames(of plaintext: UnsafeRawBufferPointer, sequenceNumber: inout UInt32, to output: inout [UInt8]) throws -> Int {
        var offset = 0
        while plaintext.count - offset >= frameLength {
            guard sequenceNumber < UInt32.max else {
                throw EncryptionSDKError.invalidParameter("more than 2^32 - 1 frames; use a longer frame length")
            }
            try appendFrame(kind: .regular, sequenceNumber: sequenceNumber,
                            content: UnsafeRawBufferPointer(rebasing: plaintext[offset..<(offset + frameLength)]), to: &output)
            offset += frameLength
            sequenceNumber += 1
        }
        return offset
    }

    /// Appends the final frame (`lastContent`, shorter than a frame, maybe empty) and, for
    /// signed suites, the footer.
    func finishMessage(lastContent: UnsafeRawBufferPointer, sequenceNumber: UInt32, to output: inout [UInt8]) throws {
        try appendFrame(kind: .final, sequenceNumber: sequenceNumber, content: lastContent, to: &output)
        if let signature {
            MessageFooter(signature: try signature.sign()).serialize(into: &output)
        }
    }

    /// Appends one frame (and adds it to the signature).
    func appendFrame(kind: BodyFrame.Kind, sequenceNumber: UInt32, content: UnsafeRawBufferPointer, to output: inout [UInt8]) throws {
        let start = output.count
        if kind == .final {
            BodyFrame.appendFinalPrefix(sequenceNumber: sequenceNumber, contentLength: content.count, to: &output)
        } else {
            BodyFrame.appendRegularPrefix(sequenceNumber: sequenceNumber, to: &output)
        }
        let ivStart = output.count - AlgorithmSuite.ivLength - (kind == .final ? 4 : 0)
        let contentStart = output.count
        output.append(contentsOf: repeatElement(0, count: content.count + AlgorithmSuite.tagLength))
        let aad = BodyFrame.aad(messageId: header.messageId, kind: kind, sequenceNumber: sequenceNumber, contentLength: content.count)
        try output.withUnsafeMutableBytes { buffer in
            let iv = UnsafeRawBufferPointer(rebasing: buffer[ivStart..<(ivStart + AlgorithmSuite.ivLength)])
            let sealed = UnsafeMutableRawBufferPointer(rebasing: buffer[contentStart..<(contentStart + content.count)])
            let tag = UnsafeMutableRawBufferPointer(rebasing: buffer[(contentStart + content.count)...])
            try aad.withUnsafeBytes { aad in
                try cipher.seal(iv: iv, aad: aad, plaintext: content, output: sealed, tag: tag)
            }
            try signature?.update(UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }
}
