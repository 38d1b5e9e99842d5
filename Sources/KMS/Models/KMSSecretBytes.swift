#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Locking
import Synchronization

/// Plaintext key material, held in memory this object owns and zeroes when it is released.
///
/// Data keys and decrypted plaintexts live here instead of in a `String` or `[UInt8]` so that
/// their bytes have exactly one home that is wiped (with `explicit_bzero` / `memset_s`, a write
/// the optimizer may not drop) as soon as the last reference goes away. The client decodes the
/// service's base64 straight into this storage and overwrites the base64 text in the response
/// buffer it owns.
///
/// What Swift cannot guarantee:
/// - values you derive from it are ordinary Swift values: ``base64EncodedString()`` and the
///   `plaintext` properties of ``KMSDataKey`` and ``KMSPlaintext`` return a fresh `String` that
///   is never zeroed, and so is anything you copy out of ``withUnsafeBytes(_:)``;
/// - buffers below the client are out of its reach: `CurlHTTPClient` zeroes the body buffers it
///   owns, but libcurl's internal buffers, TLS records in OpenSSL and the kernel's socket
///   buffers are not, nor any copy a custom ``HTTPTransport`` keeps of a request or response
///   (the client zeroes its own copy in place only when it holds the only reference);
/// - the memory may be swapped to disk or appear in a core dump (it is not `mlock`ed).
///
/// `description` never shows the bytes.
public final class KMSSecretBytes: @unchecked Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    // @unchecked Sendable: the storage is written only while the object is built (before it is
    // shared) and in `deinit` (when no one else can reach it); every other access reads.
    private let allocation: UnsafeMutableRawPointer
    private let storage: UnsafeMutableRawBufferPointer
    private let releaseObserver: (@Sendable (UnsafeRawBufferPointer) -> Void)?

    /// Copies `bytes` into a new container. The caller stays responsible for its own copy.
    ///
    /// Contiguous bytes (an `Array`, a `ContiguousArray`, an `UnsafeBufferPointer`, …) are
    /// copied straight into the zeroing storage; any other sequence goes through a temporary
    /// array, which is zeroed before it is freed.
    public convenience init(copying bytes: some Sequence<UInt8>) {
        if let count = bytes.withContiguousStorageIfAvailable({ $0.count }) {
            self.init(count: count) { buffer in
                _ = bytes.withContiguousStorageIfAvailable { buffer.copyBytes(from: $0) }
            }
            return
        }
        var array = Array(bytes)
        defer { KMSSecretBytes.wipe(&array) }
        self.init(count: array.count) { buffer in
            buffer.copyBytes(from: array)
        }
    }

    /// Allocates `count` bytes and lets `initialize` fill them; if it throws, the storage is
    /// zeroed and freed and the error is rethrown. `package` so that the Encryption SDK keeps its
    /// data keys, derived keys and commit keys in the same container.
    package init(
        count: Int,
        releaseObserver: (@Sendable (UnsafeRawBufferPointer) -> Void)? = nil,
        initialize: (UnsafeMutableRawBufferPointer) throws -> Void
    ) rethrows {
        precondition(count >= 0, "negative byte count")
        let allocation = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1), alignment: 16)
        let used = UnsafeMutableRawBufferPointer(start: allocation, count: count)
        do {
            try initialize(used)
        } catch {
            Self.wipe(used)
            allocation.deallocate()
            throw error
        }
        self.allocation = allocation
        self.storage = used
        self.releaseObserver = releaseObserver
    }

    deinit {
        Self.wipe(storage)
        releaseObserver?(UnsafeRawBufferPointer(storage))
        if Self.witnessInstalled.load(ordering: .relaxed) {
            Self.releaseWitness.withLock { $0?(UnsafeRawBufferPointer(storage)) }
        }
        allocation.deallocate()
    }

    /// Tests only: sees the storage of every container the process releases (the ones the
    /// client makes from responses included), after wiping and before freeing.
    static let releaseWitness = LockedValue<(@Sendable (UnsafeRawBufferPointer) -> Void)?>(nil)
    /// Whether `releaseWitness` is set: one relaxed load per release when it is not.
    static let witnessInstalled = Atomic<Bool>(false)

    /// Tests only: installs (or, with nil, removes) the release witness.
    static func witnessReleases(_ witness: (@Sendable (UnsafeRawBufferPointer) -> Void)?) {
        releaseWitness.withLock { $0 = witness }
        witnessInstalled.store(witness != nil, ordering: .relaxed)
    }

    /// The number of bytes.
    public var count: Int { storage.count }

    /// Calls `body` with a read-only view of the bytes, valid only during the call.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(storage))
    }

    /// The bytes as standard base64 with padding — a new `String` that is not zeroed.
    public func base64EncodedString() -> String {
        Base64.encodeToString(UnsafeRawBufferPointer(storage))
    }

    /// The byte count only.
    public var description: String { "KMSSecretBytes(\(count) bytes, <redacted>)" }

    /// The same as ``description``: the bytes stay hidden in debug output too.
    public var debugDescription: String { description }

    /// Overwrites `buffer` with zeros in a way the compiler may not remove as a dead store.
    package static func wipe(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        #if canImport(Darwin)
        _ = memset_s(base, buffer.count, 0, buffer.count)
        #else
        explicit_bzero(base, buffer.count)
        #endif
    }

    /// Zeroes a byte array in place (the client's own response and request buffers).
    package static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { wipe($0) }
    }
}
