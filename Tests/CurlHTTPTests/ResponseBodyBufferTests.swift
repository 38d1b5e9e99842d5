import Testing
@testable import CurlHTTP

/// The response body's storage: one allocation when the length is known, bounded, and zeroed
/// whenever storage is let go.
@Suite("Response body buffer")
struct ResponseBodyBufferTests {
    /// Appends `bytes` in chunks of `chunk`; returns whether every chunk was accepted.
    static func append(_ bytes: [UInt8], chunk: Int, to buffer: inout ResponseBodyBuffer) -> Bool {
        var accepted = true
        for start in stride(from: 0, to: bytes.count, by: chunk) {
            let part = bytes[start..<min(start + chunk, bytes.count)]
            accepted = part.withUnsafeBufferPointer { buffer.append($0) } && accepted
        }
        return accepted
    }

    @Test("a body whose length is known takes one allocation")
    func knownLength() {
        var buffer = ResponseBodyBuffer(limit: 1 << 20)
        let body = serverPattern(100_000)
        buffer.reserve(body.count)
        #expect(Self.append(body, chunk: 16_384, to: &buffer))
        #expect(buffer.allocationCount == 1)
        #expect(buffer.take() == body)
    }

    @Test("growing zeroes the old storage before releasing it")
    func growthZeroes() {
        var buffer = ResponseBodyBuffer(limit: 1 << 20)
        var released: [[UInt8]] = []
        buffer.releaseObserver = { released.append(Array($0)) }
        let body = [UInt8](repeating: 0xAB, count: 200_000)
        #expect(Self.append(body, chunk: 5_000, to: &buffer))

        #expect(buffer.allocationCount > 1)
        // Every storage but the last held the secret-like bytes and was zeroed.
        #expect(released.count == buffer.allocationCount - 1)
        #expect(released.allSatisfy { $0.allSatisfy { $0 == 0 } })
        #expect(buffer.take() == body)
    }

    @Test("growth is geometric, so a large body costs few copies")
    func geometricGrowth() {
        var buffer = ResponseBodyBuffer(limit: 4 << 20)
        #expect(Self.append(serverPattern(4 << 20), chunk: 16_384, to: &buffer))
        #expect(buffer.allocationCount <= 10)
    }

    @Test("bytes past the limit are refused and the limit holds")
    func limit() {
        var buffer = ResponseBodyBuffer(limit: 1000)
        #expect(Self.append(serverPattern(600), chunk: 600, to: &buffer))
        #expect(!Self.append(serverPattern(401), chunk: 401, to: &buffer))
        #expect(buffer.count == 600)
        #expect(Self.append(serverPattern(400), chunk: 400, to: &buffer))
        #expect(buffer.count == 1000)
    }

    @Test("a reservation larger than the limit is cut to the limit")
    func reservationBounded() {
        var buffer = ResponseBodyBuffer(limit: 1000)
        buffer.reserve(1 << 30)
        #expect(buffer.allocationCount == 1)
        #expect(Self.append(serverPattern(1000), chunk: 100, to: &buffer))
        #expect(buffer.allocationCount == 1)
    }

    @Test("a discarded body is zeroed")
    func discardZeroes() {
        var buffer = ResponseBodyBuffer(limit: 1000)
        var released: [[UInt8]] = []
        buffer.releaseObserver = { released.append(Array($0)) }
        buffer.reserve(10)
        #expect(Self.append([UInt8](repeating: 0x5A, count: 10), chunk: 10, to: &buffer))
        buffer.discard()
        #expect(buffer.count == 0)
        #expect(released == [[UInt8](repeating: 0, count: 10)])
    }
}
