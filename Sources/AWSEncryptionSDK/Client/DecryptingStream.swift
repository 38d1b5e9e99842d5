import KMS

/// A message decrypted as it arrives: an `AsyncSequence` of plaintext chunks read from an
/// `AsyncSequence` of message chunks.
///
/// Every chunk it yields comes from frames whose tags verified. For signed suites (0x0578,
/// 0x0378, 0x0346, 0x0214) the signature covers the whole message and can only be checked at
/// the end, so by default the plaintext is held back until it verifies: memory then grows with
/// the plaintext. Pass `allowUnverifiedPlaintext: true` to get each frame as soon as its tag
/// verifies, in memory bounded by the frame length — the official SDKs' documented trade-off:
/// a reader who holds the data key (any keyring that decrypts it) could have forged such a
/// message, and the stream may still fail at the end, in which case you must discard everything
/// it gave you. Unsigned suites always stream.
///
/// The message's encryption context and suite are on the iterator once the header is read
/// (after the first `next()`); iterate by hand to check them before using the plaintext.
public struct DecryptingStream<Ciphertext: AsyncSequence>: AsyncSequence where Ciphertext.Element == [UInt8] {
    /// Plaintext chunks.
    public typealias Element = [UInt8]

    let ciphertext: Ciphertext
    let decryptor: MessageDecryptor
    let materialsManager: any CryptographicMaterialsManager
    let encryptionContext: [String: String]
    let allowUnverifiedPlaintext: Bool

    /// Starts reading the message.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(stream: self, input: ciphertext.makeAsyncIterator())
    }

    /// Produces the plaintext chunk by chunk.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private enum Stage {
            case header, body, footer, end, done
        }

        let stream: DecryptingStream
        var input: Ciphertext.AsyncIterator
        private var buffer: [UInt8] = []
        /// How much of `buffer` has been used.
        private var consumed = 0
        private var stage = Stage.header
        private var session: MessageDecryptor.Session?
        private var expected: UInt32 = 1
        private var withheld: [UInt8] = []

        /// The message's encryption context (with supplied values), nil until the header is read.
        public private(set) var encryptionContext: [String: String]?
        /// The message's suite, nil until the header is read.
        public private(set) var algorithmSuite: AlgorithmSuite?

        init(stream: DecryptingStream, input: Ciphertext.AsyncIterator) {
            self.stream = stream
            self.input = input
        }

        /// The next verified plaintext chunk, nil once the whole message verified.
        public mutating func next() async throws -> [UInt8]? {
            do {
                return try await produce()
            } catch {
                stage = .done
                KMSSecretBytes.wipe(&withheld)
                throw error
            }
        }

        /// Reads one more input chunk into the buffer, first dropping what was consumed (once
        /// per input chunk, so the copying stays linear); false at the end of the input.
        private mutating func fill() async throws -> Bool {
            while let chunk = try await input.next() {
                if chunk.isEmpty { continue }
                if consumed > 0 {
                    buffer.removeFirst(consumed)
                    consumed = 0
                }
                buffer.append(contentsOf: chunk)
                return true
            }
            return false
        }

        private enum Attempt<T> {
            case complete(T, end: Int)
            case needMore(EncryptionSDKError)
        }

        /// Runs `parse` over the unconsumed bytes; `needMore` when they end too soon.
        private func attempt<T>(_ parse: (inout ByteReader) throws -> T) throws -> Attempt<T> {
            var reader = ByteReader(buffer, offset: consumed)
            do {
                let value = try parse(&reader)
                return .complete(value, end: reader.offset)
            } catch let error as EncryptionSDKError where error.code == .truncated {
                return .needMore(error)
            }
        }

        /// Runs `parse` until the bytes it needs are there (reading more as needed) and returns
        /// its result and the index where it stopped; a truncation at the end of the input is
        /// the message's.
        private mutating func whenComplete<T>(_ parse: (inout ByteReader) throws -> T) async throws -> (T, Int) {
            while true {
                switch try attempt(parse) {
                case .complete(let value, let end):
                    return (value, end)
                case .needMore(let truncation):
                    guard try await fill() else { throw truncation }
                }
            }
        }

        private mutating func produce() async throws -> [UInt8]? {
            while true {
                switch stage {
                case .header:
                    let limit = stream.decryptor.maxEncryptedDataKeys
                    let ((header, body), end) = try await whenComplete { reader in
                        try MessageHeader.parse(&reader, maxEncryptedDataKeys: limit)
                    }
                    let session = try await stream.decryptor.authenticate(
                        header, headerBody: buffer[body], headerBytes: buffer[consumed..<end],
                        materialsManager: stream.materialsManager, reproducedEncryptionContext: stream.encryptionContext)
                    self.session = session
                    encryptionContext = session.materials.encryptionContext
                    algorithmSuite = header.algorithmSuite
                    consumed = end
                    stage = .body
                case .body:
                    guard let session else { throw EncryptionSDKError.malformed("no header") }
                    var plaintext: [UInt8] = []
                    var expected = self.expected
                    let (last, end) = try await whenComplete { reader in
                        try MessageDecryptor.decryptNextFrame(&reader, session: session, expected: &expected, into: &plaintext)
                    }
                    self.expected = expected
                    let start = consumed
                    try buffer.withUnsafeBytes { try session.signature?.update(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
                    consumed = end
                    if last { stage = session.signature == nil ? .end : .footer }
                    if session.signature == nil || stream.allowUnverifiedPlaintext {
                        if !plaintext.isEmpty { return plaintext }
                    } else {
                        withheld.append(contentsOf: plaintext)
                        KMSSecretBytes.wipe(&plaintext)
                    }
                case .footer:
                    guard let signature = session?.signature else { throw EncryptionSDKError.malformed("no signature") }
                    let (footer, end) = try await whenComplete { reader in try MessageFooter.parse(&reader) }
                    guard signature.verify(footer.signature) else {
                        throw EncryptionSDKError.tampered("the signature does not verify")
                    }
                    consumed = end
                    stage = .end
                case .end:
                    if consumed == buffer.count, try await !fill() {
                        stage = .done
                        if !withheld.isEmpty {
                            let released = withheld
                            withheld = []
                            return released
                        }
                        return nil
                    }
                    throw EncryptionSDKError.malformed("bytes after the end of the message")
                case .done:
                    return nil
                }
            }
        }
    }
}

/// Sendable when its message source is: everything else it holds is.
extension DecryptingStream: Sendable where Ciphertext: Sendable {}
