/// A message encrypted as its plaintext arrives: an `AsyncSequence` of byte chunks (the header,
/// then frames as they fill, then the final frame and footer) read from an `AsyncSequence` of
/// plaintext chunks. It pulls the next plaintext chunk only when asked for output, so memory
/// stays within a frame plus one input chunk.
///
/// Made by ``EncryptionSDKClient/encryptStream(_:materialsManager:encryptionContext:algorithmSuite:frameLength:plaintextLength:)``.
/// The materials are fetched (and any KMS call made) on the first `next()`.
public struct EncryptingStream<Plaintext: AsyncSequence>: AsyncSequence where Plaintext.Element == [UInt8] {
    /// Message chunks.
    public typealias Element = [UInt8]

    let plaintext: Plaintext
    let client: EncryptionSDKClient
    let materialsManager: any CryptographicMaterialsManager
    let encryptionContext: [String: String]
    let algorithmSuite: AlgorithmSuite
    let frameLength: Int
    let plaintextLength: Int?

    /// Starts reading the plaintext.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(stream: self, input: plaintext.makeAsyncIterator())
    }

    /// Produces the message chunk by chunk.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let stream: EncryptingStream
        var input: Plaintext.AsyncIterator
        var encryptor: MessageEncryptor?
        var pending: [UInt8] = []
        var sequenceNumber: UInt32 = 1
        var plaintextSeen = 0
        var finished = false

        init(stream: EncryptingStream, input: Plaintext.AsyncIterator) {
            self.stream = stream
            self.input = input
        }

        /// The next chunk of the message, nil after the last.
        public mutating func next() async throws -> [UInt8]? {
            guard !finished else { return nil }
            do {
                return try await produce()
            } catch {
                finished = true
                throw error
            }
        }

        private mutating func produce() async throws -> [UInt8]? {
            guard let encryptor else {
                let materials = try await stream.client.encryptionMaterials(
                    materialsManager: stream.materialsManager, encryptionContext: stream.encryptionContext,
                    algorithmSuite: stream.algorithmSuite, frameLength: stream.frameLength, plaintextLength: stream.plaintextLength)
                let encryptor = try MessageEncryptor(materials: materials, frameLength: stream.frameLength)
                self.encryptor = encryptor
                return try encryptor.startMessage()
            }
            while true {
                if pending.count >= stream.frameLength {
                    var output: [UInt8] = []
                    let consumed = try pending.withUnsafeBytes { pending in
                        try encryptor.appendFrames(of: pending, sequenceNumber: &sequenceNumber, to: &output)
                    }
                    pending.removeFirst(consumed)
                    return output
                }
                if let chunk = try await input.next() {
                    plaintextSeen += chunk.count
                    if let limit = stream.plaintextLength, plaintextSeen > limit {
                        throw EncryptionSDKError.invalidParameter("the plaintext is longer than the \(limit) bytes announced")
                    }
                    pending.append(contentsOf: chunk)
                    continue
                }
                if let limit = stream.plaintextLength, plaintextSeen != limit {
                    throw EncryptionSDKError.invalidParameter("the plaintext is \(plaintextSeen) bytes, not the \(limit) announced")
                }
                var output: [UInt8] = []
                let number = sequenceNumber
                try pending.withUnsafeBytes { pending in
                    try encryptor.finishMessage(lastContent: pending, sequenceNumber: number, to: &output)
                }
                pending = []
                finished = true
                return output
            }
        }
    }
}

/// Sendable when its plaintext source is: everything else it holds is.
extension EncryptingStream: Sendable where Plaintext: Sendable {}
