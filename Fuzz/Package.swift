// swift-tools-version:6.0
// libFuzzer targets for swift-kms. A package of its own so that the fuzzer flags never reach the
// main build. Build and run them with `scripts/fuzz.sh` (or `make fuzz`) from the repository
// root; see docs/HARDENING.md.
import PackageDescription

let package = Package(
    name: "swift-kms-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named so that the product references below do not depend on the clone's folder name.
        .package(name: "swift-kms", path: ".."),
    ],
    targets: [
        // Reading fuzzer bytes as typed fields, and running async library calls to completion.
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"]),
        // The declaration of libFuzzer's LLVMFuzzerRunDriver.
        .target(name: "CLibFuzzer"),
        // Arbitrary bodies, statuses and headers as the answer to every KMS operation.
        .executableTarget(
            name: "FuzzKMSResponses",
            dependencies: ["FuzzSupport", .product(name: "KMS", package: "swift-kms"), .product(name: "CurlHTTP", package: "swift-kms")]
        ),
        // Arbitrary bytes as ~/.aws/config and ~/.aws/credentials.
        .executableTarget(
            name: "FuzzSharedConfig",
            dependencies: ["FuzzSupport", .product(name: "KMS", package: "swift-kms")]
        ),
        // Arbitrary bytes as an Encryption SDK message through decrypt (raw AES keyring).
        .executableTarget(
            name: "FuzzEncryptionSDK",
            dependencies: ["FuzzSupport", .product(name: "AWSEncryptionSDK", package: "swift-kms")]
        ),
        // Arbitrary methods, paths, queries, headers and payloads through sign and presign.
        .executableTarget(
            name: "FuzzSigV4",
            dependencies: ["FuzzSupport", .product(name: "AWSSigV4", package: "swift-kms")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
