import KMS

/// Reads one message: parses the header, gets the materials, checks the commitment and the
/// header tag, then decrypts frame by frame and checks the signature. Releases nothing until
/// everything verified.
struct MessageDecryptor {
    let policy: CommitmentPolicy
    let maxEncryptedDataKeys: Int?

    /// Decrypts the whole `message`.
    func decrypt(
        _ message: [UInt8], materialsManager: any CryptographicMaterialsManager, reproducedEncryptionContext: [String: String]
    ) async throws -> DecryptResult {
        var reader = ByteReader(message)
        let (header, headerBody) = try MessageHeader.parse(&reader, maxEncryptedDataKeys: maxEncryptedDataKeys)
        let suite = header.algorithmSuite
        guard policy.allowsDecrypt(suite) else { throw EncryptionSDKError.notCommitting(policy) }
        let materials = try await materialsManager.decryptMaterials(DecryptionMaterialsRequest(
            algorithmSuite: suite, commitmentPolicy: policy, encryptedDataKeys: header.encryptedDataKeys,
            encryptionContext: header.encryptionContext, reproducedEncryptionContext: reproducedEncryptionContext))
        guard materials.algorithmSuite == suite, let dataKey = materials.plaintextDataKey else {
            throw EncryptionSDKError.noKeyringDecrypted([])
        }
        guard policy.allowsDecrypt(materials.algorithmSuite) else { throw EncryptionSDKError.notCommitting(policy) }
        let keys = try MessageKeys(suite: suite, dataKey: dataKey, messageId: header.messageId)
        if suite.isCommitting, !keys.commits(to: header.suiteData) {
            throw EncryptionSDKError.commitmentMismatch
        }
        let cipher = try AESGCM(key: keys.encryptionKey, encrypting: false)
        let authenticatedOnly = materials.encryptionContext.filter { materials.requiredEncryptionContextKeys.contains($0.key) }
        let headerAAD = Array(message[headerBody]) + (try EncryptionContextCoding.serialize(authenticatedOnly))
        let headerIV = header.version == 1 ? header.headerIV : [UInt8](repeating: 0, count: AlgorithmSuite.ivLength)
        guard cipher.verifyTag(iv: headerIV, aad: headerAAD, tag: header.headerTag) else {
            throw EncryptionSDKError.tampered("the header does not authenticate")
        }
        let signature = try materials.verificationKey.map { try MessageSignature(verifyingWith: $0) }

        var plaintext: [UInt8] = []
        do {
            try decryptBody(&reader, header: header, cipher: cipher, into: &plaintext)
            if let signature {
                try message.withUnsafeBytes { try signature.update(UnsafeRawBufferPointer(rebasing: $0[..<reader.offset])) }
                let footer = try MessageFooter.parse(&reader)
                guard signature.verify(footer.signature) else {
                    throw EncryptionSDKError.tampered("the signature does not verify")
                }
            }
            guard reader.remaining == 0 else {
                throw EncryptionSDKError.malformed("\(reader.remaining) bytes after the end of the message")
            }
        } catch {
            KMSSecretBytes.wipe(&plaintext)
            throw error
        }
        return DecryptResult(plaintext: plaintext, encryptionContext: materials.encryptionContext, algorithmSuite: suite)
    }

    /// Decrypts every frame (or the single block) into `plaintext`, refusing frames out of
    /// order, repeated or missing.
    func decryptBody(_ reader: inout ByteReader, header: MessageHeader, cipher: AESGCM, into plaintext: inout [UInt8]) throws {
        switch header.contentType {
        case .nonFramed:
            let block = try BodyFrame.parseNonFramed(&reader)
            try open(block, in: reader.bytes, messageId: header.messageId, cipher: cipher, into: &plaintext)
        case .framed:
            var expected: UInt32 = 1
            while true {
                let frame = try BodyFrame.parseFramed(&reader, frameLength: header.frameLength)
                guard frame.sequenceNumber == expected else {
                    throw EncryptionSDKError.malformed("frame \(frame.sequenceNumber) where frame \(expected) was expected")
                }
                try open(frame, in: reader.bytes, messageId: header.messageId, cipher: cipher, into: &plaintext)
                if frame.kind == .final { return }
                guard expected < UInt32.max else { throw EncryptionSDKError.malformed("more than 2^32 - 1 frames") }
                expected += 1
            }
        }
    }

    /// Authenticates and decrypts one frame, appending its plaintext.
    private func open(_ frame: BodyFrame, in message: [UInt8], messageId: [UInt8], cipher: AESGCM, into plaintext: inout [UInt8]) throws {
        let aad = BodyFrame.aad(messageId: messageId, kind: frame.kind, sequenceNumber: frame.sequenceNumber, contentLength: frame.content.count)
        let start = plaintext.count
        plaintext.append(contentsOf: repeatElement(0, count: frame.content.count))
        let ok = message.withUnsafeBytes { message in
            aad.withUnsafeBytes { aad in
                plaintext.withUnsafeMutableBytes { output in
                    cipher.open(
                        iv: UnsafeRawBufferPointer(rebasing: message[frame.iv]), aad: aad,
                        ciphertext: UnsafeRawBufferPointer(rebasing: message[frame.content]),
                        tag: UnsafeRawBufferPointer(rebasing: message[frame.tag]),
                        output: UnsafeMutableRawBufferPointer(rebasing: output[start...]))
                }
            }
        }
        guard ok else { throw EncryptionSDKError.tampered("frame \(frame.sequenceNumber) does not authenticate") }
    }
}
