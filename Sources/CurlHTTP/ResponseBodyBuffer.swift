import CCurl

/// The bytes of a response body as they arrive, in one `[UInt8]` that becomes
/// `HTTPResponse.body` without a copy.
///
/// Responses may carry key material, so whenever the storage has to grow the old storage is
/// zeroed before it is released, and a body that is discarded (failed or cancelled transfer)
/// is zeroed too. Once handed out by `take()`, the body is the caller's to zero (the KMS layer
/// does). What Swift cannot promise: copies the caller makes, and bytes libcurl or OpenSSL
/// held in their own buffers on the way in.
struct ResponseBodyBuffer {
    private var bytes: [UInt8] = []
    /// The most bytes this buffer will ever hold.
    let limit: Int
    /// How many times storage was allocated (one when the length was known up front).
    private(set) var allocationCount = 0
    /// Sees storage after it was zeroed and just before it is released; for tests.
    var releaseObserver: ((UnsafeRawBufferPointer) -> Void)?

    init(limit: Int) {
        self.limit = limit
    }

    /// How many bytes have arrived.
    var count: Int { bytes.count }

    /// Whether storage has been set aside yet.
    var hasStorage: Bool { bytes.capacity > 0 }

    /// Sets aside storage for `expected` bytes in one allocation (bounded by `limit`); called
    /// once, before the first bytes, when the length is known.
    mutating func reserve(_ expected: Int) {
        let wanted = min(max(expected, 0), limit)
        if wanted > bytes.capacity {
            grow(toAtLeast: wanted, exactly: true)
        }
    }

    /// Appends `chunk`; returns `false`, appending nothing, when that would pass `limit`.
    mutating func append(_ chunk: UnsafeBufferPointer<UInt8>) -> Bool {
        let needed = bytes.count + chunk.count
        guard needed <= limit else { return false }
        if needed > bytes.capacity {
            grow(toAtLeast: needed, exactly: false)
        }
        bytes.append(contentsOf: chunk)
        return true
    }

    /// Hands the body out, leaving this buffer empty.
    mutating func take() -> [UInt8] {
        defer { bytes = [] }
        return bytes
    }

    /// Zeroes and drops whatever arrived.
    mutating func discard() {
        zeroForRelease(&bytes)
        bytes = []
    }

    private mutating func grow(toAtLeast needed: Int, exactly: Bool) {
        let capacity = exactly ? needed : min(max(needed, bytes.capacity * 2, 16 * 1024), limit)
        var larger: [UInt8] = []
        larger.reserveCapacity(capacity)
        larger.append(contentsOf: bytes)
        allocationCount += 1
        zeroForRelease(&bytes)
        bytes = larger
    }

    private func zeroForRelease(_ storage: inout [UInt8]) {
        guard !storage.isEmpty else { return }
        // `storage` is uniquely held here (never shared before `take()`), so this writes the
        // real storage rather than a copy.
        storage.withUnsafeMutableBytes { bytes in
            ccurl_secure_zero(bytes.baseAddress, bytes.count)
            releaseObserver?(UnsafeRawBufferPointer(bytes))
        }
    }
}
