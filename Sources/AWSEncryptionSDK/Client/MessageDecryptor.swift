import KMS

/// Reads one message: parses the header, gets the materials, checks the commitment and the
/// header tag, then decrypts frame by frame and checks the signature. Releases nothing until
/// everything verified.
struct MessageDecryptor {
    let policy: CommitmentPolicy
    let maxEncryptedDataKeys: Int?

    /// A version 2 header's authentication IV: implicit zeros.
    private static let zeroIV = [UInt8](repeating: 0, count: AlgorithmSuite.ivLength)

    /// What decrypting the body needs once the header is authenticated.
    struct Session {
        let header: MessageHeader
        let materials: DecryptionMaterials
        let cipher: AESGCM
        let signature: MessageSignature?
    }

    /// Gets the materials for `header`, checks the key commitment and the header tag (over
    /// `headerBody`, the header's serialized body), and starts the signature over
    /// `headerBytes` (the whole header).
    func authenticate(
        _ header: MessageHeader, headerBody: ArraySlice<UInt8>, headerBytes: ArraySlice<UInt8>,
        materialsManager: any CryptographicMaterialsManager, reproducedEncryptionContext: [String: String]
    ) async throws -> Session {
        let suite = header.algorithmSuite
        guard policy.allowsDecrypt(suite) else { throw EncryptionSDKError.notCommitting(policy) }
        let materials = try await materialsManager.decryptMaterials(DecryptionMaterialsRequest(
            algorithmSuite: suite, commitmentPolicy: policy, encryptedDataKeys: header.encryptedDataKeys,
            encryptionContext: header.encryptionContext, reproducedEncryptionContext: reproducedEncryptionContext))
        guard materials.algorithmSuite == suite, let dataKey = materials.plaintextDataKey else {
            throw EncryptionSDKError.noKeyringDecrypted([])
        }
        let keys = try MessageKeys(suite: suite, dataKey: dataKey, messageId: header.messageId)
        if suite.isCommitting, !keys.commits(to: header.suiteData) {
            throw EncryptionSDKError.commitmentMismatch
        }
        let cipher = try AESGCM(key: keys.encryptionKey, encrypting: false)
        let headerIV = header.version == 1 ? header.headerIV : Self.zeroIV
        let authentic: Bool
        if materials.requiredEncryptionContextKeys.isEmpty {
            authentic = headerBody.withUnsafeBytes { cipher.verifyTag(iv: headerIV, aad: $0, tag: header.headerTag) }
        } else {
            let authenticatedOnly = materials.encryptionContext.filter { materials.requiredEncryptionContextKeys.contains($0.key) }
            let headerAAD = Array(headerBody) + (try EncryptionContextCoding.serialize(authenticatedOnly))
            authentic = headerAAD.withUnsafeBytes { cipher.verifyTag(iv: headerIV, aad: $0, tag: header.headerTag) }
        }
        guard authentic else {
            throw EncryptionSDKError.tampered("the header does not authenticate")
        }
        guard suite.isSigned == (materials.verificationKey != nil) else {
            throw EncryptionSDKError.malformed("the materials' verification key does not match suite \(suite)")
        }
        let signature = try materials.verificationKey.map { try MessageSignature(verifyingWith: $0) }
        try headerBytes.withUnsafeBytes { try signature?.update($0) }
        return Session(header: header, materials: materials, cipher: cipher, signature: signature)
    }

    /// Decrypts the whole `message`.
    func decrypt(
        _ message: [UInt8], materialsManager: any CryptographicMaterialsManager, reproducedEncryptionContext: [String: String]
    ) async throws -> DecryptResult {
        var reader = ByteReader(message)
        let (header, headerBody) = try MessageHeader.parse(&reader, maxEncryptedDataKeys: maxEncryptedDataKeys)
        let headerEnd = reader.offset
        let session = try await authenticate(
            header, headerBody: message[headerBody], headerBytes: message[..<headerEnd],
            materialsManager: materialsManager, reproducedEncryptionContext: reproducedEncryptionContext)
        // The plaintext is no longer than what is left of the message: the array's storage is
        // sized to that once and the frames are decrypted straight into it (no growth, so no copy
        // of plaintext is ever freed unwiped; no zero-filling). On any failure what was written
        // is wiped and nothing is returned.
        let plaintext = try [UInt8](unsafeUninitializedCapacity: reader.remaining) { buffer, count in
            var writer = ByteWriter(UnsafeMutableRawBufferPointer(buffer))
            do {
                try Self.decryptBody(&reader, session: session, into: &writer)
                if let signature = session.signature {
                    try message.withUnsafeBytes { try signature.update(UnsafeRawBufferPointer(rebasing: $0[headerEnd..<reader.offset])) }
                    let footer = try MessageFooter.parse(&reader)
                    guard signature.verify(footer.signature) else {
                        throw EncryptionSDKError.tampered("the signature does not verify")
                    }
                }
                guard reader.remaining == 0 else {
                    throw EncryptionSDKError.malformed("\(reader.remaining) bytes after the end of the message")
                }
                count = writer.offset
            } catch {
                KMSSecretBytes.wipe(UnsafeMutableRawBufferPointer(rebasing: writer.buffer[..<writer.offset]))
                count = 0
                throw error
            }
        }
        return DecryptResult(plaintext: plaintext, encryptionContext: session.materials.encryptionContext, algorithmSuite: header.algorithmSuite)
    }

    /// Decrypts every frame (or the single block) into `plaintext`, refusing frames out of
    /// order, repeated or missing.
    static func decryptBody(_ reader: inout ByteReader, session: Session, into plaintext: inout some PlaintextOutput) throws {
        var expected: UInt32 = 1
        while try !decryptNextFrame(&reader, session: session, expected: &expected, into: &plaintext) {}
    }

    /// Decrypts the next frame, appending its plaintext; returns whether it was the last.
    /// Throws `truncated` (having consumed nothing) when the frame is not all there.
    static func decryptNextFrame(
        _ reader: inout ByteReader, session: Session, expected: inout UInt32, into plaintext: inout some PlaintextOutput
    ) throws -> Bool {
        let header = session.header
        switch header.contentType {
        case .nonFramed:
            var lookahead = reader
            let block = try BodyFrame.parseNonFramed(&lookahead)
            try open(block, in: reader.bytes, messageId: header.messageId, cipher: session.cipher, into: &plaintext)
            reader = lookahead
            return true
        case .framed:
            var lookahead = reader
            let frame = try BodyFrame.parseFramed(&lookahead, frameLength: header.frameLength)
            guard frame.sequenceNumber == expected else {
                throw EncryptionSDKError.malformed("frame \(frame.sequenceNumber) where frame \(expected) was expected")
            }
            try open(frame, in: reader.bytes, messageId: header.messageId, cipher: session.cipher, into: &plaintext)
            reader = lookahead
            if frame.kind == .final { return true }
            guard expected < UInt32.max else { throw EncryptionSDKError.malformed("more than 2^32 - 1 frames") }
            expected += 1
            return false
        }
    }

    /// Authenticates and decrypts one frame, appending its plaintext (nothing on failure).
    private static func open(
        _ frame: BodyFrame, in message: [UInt8], messageId: [UInt8], cipher: AESGCM, into plaintext: inout some PlaintextOutput
    ) throws {
        try plaintext.append(count: frame.content.count) { output in
            let ok = message.withUnsafeBytes { message in
                BodyFrame.withAAD(
                    messageId: messageId, kind: frame.kind, sequenceNumber: frame.sequenceNumber, contentLength: frame.content.count
                ) { aad in
                    cipher.open(
                        iv: UnsafeRawBufferPointer(rebasing: message[frame.iv]), aad: aad,
                        ciphertext: UnsafeRawBufferPointer(rebasing: message[frame.content]),
                        tag: UnsafeRawBufferPointer(rebasing: message[frame.tag]),
                        output: output)
                }
            }
            guard ok else {
                KMSSecretBytes.wipe(output)
                throw EncryptionSDKError.tampered("frame \(frame.sequenceNumber) does not authenticate")
            }
        }
    }
}
