import Synchronization

/// An `AsyncSequence` over fixed chunks, counting how many were taken (to see how far ahead
/// a stream reads).
struct Chunks: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let chunks: [[UInt8]]
    let taken = Counter()

    final class Counter: Sendable {
        private let value = Mutex(0)
        var count: Int { value.withLock { $0 } }
        func increment() { value.withLock { $0 += 1 } }
    }

    /// `bytes` cut into chunks of `size` (one empty chunk for no bytes).
    init(_ bytes: [UInt8], size: Int) {
        var chunks: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            chunks.append(Array(bytes[offset..<Swift.min(offset + size, bytes.count)]))
            offset += size
        }
        self.chunks = chunks
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let chunks: [[UInt8]]
        let taken: Counter
        var index = 0

        mutating func next() async throws -> [UInt8]? {
            guard index < chunks.count else { return nil }
            defer { index += 1 }
            taken.increment()
            return chunks[index]
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: chunks, taken: taken) }
}

/// Everything an async sequence of chunks yields, joined.
func collect<S: AsyncSequence>(_ sequence: S) async throws -> [UInt8] where S.Element == [UInt8] {
    var output: [UInt8] = []
    for try await chunk in sequence { output += chunk }
    return output
}
