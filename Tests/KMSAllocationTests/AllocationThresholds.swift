/// The allocation calls per call the guard allows (`AllocationGuardTests`): the one file to edit
/// when a change adds or saves allocations on purpose.
///
/// Counts are of the debug build `swift build --build-tests` makes, on Debian bookworm (glibc
/// 2.36, OpenSSL 3.0, Swift 6.3.1), median of 21 calls. A test over its number fails and prints
/// what it measured. One under it passes and prints the lower number: set it here then, so the
/// saving cannot be lost unnoticed. To see every current count:
///
///     swift build --build-tests
///     swift test --skip-build --disable-xctest --filter KMSAllocationTests
enum AllocationThresholds {
    /// `KMSClient.generateDataKey(id:size:)` over a transport that answers at once: validation,
    /// JSON body, credentials, signing, the request, decoding, the zeroing key.
    static let generateDataKeyOverReplay = 43
    /// `SigV4Signer.signHeaders` of a GenerateDataKey request, signing key cached.
    static let signKMSRequest = 19
    /// `EncryptionSDKClient.encrypt` of 1 KiB, suite 0x0478, frame 4096, a raw AES-256 keyring,
    /// no encryption context.
    static let envelopeEncrypt1KiB = 33
}
