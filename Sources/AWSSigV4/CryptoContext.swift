import CLibCrypto

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A SHA-256 digest context and an HMAC-SHA256 context, kept and reused across signatures.
///
/// Creating OpenSSL contexts costs more than the hashing a signature needs, so contexts live
/// in `CryptoContextPool` and are re-initialised for each use. A context is used by one caller
/// at a time: it is checked out of the pool, used, and given back, which is what makes the
/// `@unchecked Sendable` sound.
final class CryptoContext: @unchecked Sendable {
    /// `EVP_MD_CTX *`.
    private let digestContext: OpaquePointer
    /// `EVP_MAC_CTX *`, set to SHA-256.
    private let macContext: OpaquePointer
    /// The 32-byte key `macContext` was last keyed with, so signing again with the same cached
    /// signing key re-initialises the context without hashing the key pads again.
    private var macKey: SHA256Digest?
    /// Memory a signature builds its canonical request in, kept across signatures: one buffer
    /// per context instead of allocations per signature. Grown on demand.
    private var scratch: UnsafeMutableRawPointer
    /// How many bytes `scratch` has.
    private var scratchCapacity: Int

    /// The last signing time this context formatted: consecutive signatures mostly fall in the
    /// same second.
    private var lastDate = AmzDate(epochSeconds: 0)

    /// What `scratch` starts with: a KMS request needs about 600 bytes.
    static let initialScratchCapacity = 2048
    /// Scratch grown beyond this by a large request is given back once that request is signed.
    static let maximumKeptScratchCapacity = 65_536
    /// The alignment of `scratch`, enough for any record kept in it.
    static let scratchAlignment = 16

    init() {
        guard let digestContext = EVP_MD_CTX_new() else {
            fatalError("EVP_MD_CTX_new failed (out of memory)")
        }
        guard let macContext = swiftkms_hmac_sha256_ctx_new(OpenSSLAlgorithms.hmac) else {
            EVP_MD_CTX_free(digestContext)
            fatalError("EVP_MAC_CTX_new failed (out of memory)")
        }
        self.digestContext = digestContext
        self.macContext = macContext
        self.scratchCapacity = Self.initialScratchCapacity
        self.scratch = .allocate(byteCount: Self.initialScratchCapacity, alignment: Self.scratchAlignment)
    }

    deinit {
        scratch.deallocate()
        EVP_MAC_CTX_free(macContext)
        EVP_MD_CTX_free(digestContext)
    }

    /// The signing time of `date`, formatted once per second.
    func amzDate(_ date: Date) -> AmzDate {
        let seconds = AmzDate.epochSeconds(date)
        if seconds != lastDate.epochSeconds { lastDate = AmzDate(epochSeconds: seconds) }
        return lastDate
    }

    /// At least `count` bytes of scratch, aligned to `scratchAlignment`, valid until the next
    /// call; their content is undefined.
    func scratch(count: Int) -> UnsafeMutableRawBufferPointer {
        if count > scratchCapacity {
            scratch.deallocate()
            scratchCapacity = max(count, 2 * scratchCapacity)
            scratch = .allocate(byteCount: scratchCapacity, alignment: Self.scratchAlignment)
        }
        return UnsafeMutableRawBufferPointer(start: scratch, count: count)
    }

    /// Zeroes the first `count` bytes of scratch (they held a signature's canonical request,
    /// which may hold a session token), and gives back scratch a large request grew.
    func clearScratch(count: Int) {
        memset(scratch, 0, min(count, scratchCapacity))
        if scratchCapacity > Self.maximumKeptScratchCapacity {
            scratch.deallocate()
            scratchCapacity = Self.initialScratchCapacity
            scratch = .allocate(byteCount: scratchCapacity, alignment: Self.scratchAlignment)
        }
    }

    /// SHA-256 of `data`.
    func sha256(_ data: UnsafeRawBufferPointer) -> SHA256Digest {
        var digest = SHA256Digest()
        let ok = digest.withUnsafeMutableBytes { out in
            swiftkms_sha256(
                digestContext, OpenSSLAlgorithms.sha256, data.baseAddress, data.count,
                out.baseAddress!.assumingMemoryBound(to: UInt8.self)
            )
        }
        precondition(ok == 1, "libcrypto SHA-256 failed")
        return digest
    }

    /// SHA-256 of `bytes`.
    func sha256(_ bytes: [UInt8]) -> SHA256Digest {
        bytes.withUnsafeBytes { sha256($0) }
    }

    /// HMAC-SHA256 of `data` under a key of any non-zero length.
    func hmac(key: UnsafeRawBufferPointer, data: UnsafeRawBufferPointer) -> SHA256Digest {
        precondition(!key.isEmpty, "HMAC keys here are never empty")
        macKey = nil
        return mac(keyPointer: key.baseAddress, keyLength: key.count, data: data)
    }

    /// HMAC-SHA256 of `data` under a 32-byte key (a derived key); cheap when the key is the one
    /// used last on this context.
    func hmac(key: SHA256Digest, data: UnsafeRawBufferPointer) -> SHA256Digest {
        if macKey == key {
            return mac(keyPointer: nil, keyLength: 0, data: data)
        }
        macKey = nil
        let result = key.withUnsafeBytes { mac(keyPointer: $0.baseAddress, keyLength: $0.count, data: data) }
        macKey = key
        return result
    }

    private func mac(keyPointer: UnsafeRawPointer?, keyLength: Int, data: UnsafeRawBufferPointer) -> SHA256Digest {
        var digest = SHA256Digest()
        let ok = digest.withUnsafeMutableBytes { out in
            swiftkms_hmac_sha256(
                macContext, keyPointer, keyLength, data.baseAddress, data.count,
                out.baseAddress!.assumingMemoryBound(to: UInt8.self)
            )
        }
        precondition(ok == 1, "libcrypto HMAC-SHA256 failed")
        return digest
    }
}
