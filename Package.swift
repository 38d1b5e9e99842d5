// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "swift-kms",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "KMS", targets: ["KMS"]),
        .library(name: "AWSSigV4", targets: ["AWSSigV4"]),
        // The transport KMS sends through; import it to name HTTPClientError, CurlHTTPClient or
        // to write an HTTPTransport. KMS does not re-export it, so its HTTPRequest, HTTPResponse
        // and HTTPHeaders never clash with a web framework's in a file that imports KMS.
        .library(name: "CurlHTTP", targets: ["CurlHTTP"]),
        .library(name: "AWSEncryptionSDK", targets: ["AWSEncryptionSDK"]),
        .executable(name: "kms", targets: ["kms"]),
        // An in-memory KMS behind HTTPTransport, with real cryptography, for tests of code that
        // calls KMS (and of the envelope layer) without a server.
        .library(name: "KMSTesting", targets: ["KMSTesting"]),
    ],
    // Off by default, so that users who do not run a ServiceGroup do not build its package.
    traits: [
        .trait(
            name: "ServiceLifecycleSupport",
            description: "KMSClient conforms to swift-service-lifecycle's Service."),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.0.0"),
        // Tests and docs only, never a dependency of a product: the HTTP types Hummingbird
        // re-exports (the name-clash test) and `swift package generate-documentation` (make docs).
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin.git", from: "1.4.0"),
        // A span per KMS call and counters and a timer per operation, for whatever backend the
        // app bootstraps (nothing measurable is spent when it bootstraps none).
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.4.0"),
    ],
    targets: [
        // C libraries from the system, found with pkg-config (Debian: libssl-dev, libcurl4-openssl-dev).
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
        ),
        // The package's one lock (a pthread mutex ThreadSanitizer can see); `package` API only.
        .target(name: "Locking"),
        // Pure SigV4 signing; knows nothing of HTTP clients or KMS.
        .target(name: "AWSSigV4", dependencies: ["CLibCrypto", "Locking"]),
        // Async HTTP over one libcurl multi handle; knows nothing of AWS.
        .target(name: "CurlHTTP", dependencies: ["CCurl", "Locking"]),
        // The KMS service: client, config, credentials, errors, the JSON 1.1 call path.
        .target(
            name: "KMS",
            dependencies: [
                "AWSSigV4",
                "CurlHTTP",
                "Locking",
                "CLibCrypto",
                .product(name: "Logging", package: "swift-log"),
                .product(
                    name: "ServiceLifecycle", package: "swift-service-lifecycle",
                    condition: .when(traits: ["ServiceLifecycleSupport"])),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // The KMSTesting product: an in-memory KMS speaking the JSON 1.1 wire protocol.
        .target(name: "KMSTesting", dependencies: ["KMS", "CurlHTTP", "CLibCrypto", "Locking"]),
        // Envelope encryption in the AWS Encryption SDK message format: message format (pure
        // bytes), crypto (libcrypto EVP), materials (keyrings, managers), client.
        .target(name: "AWSEncryptionSDK", dependencies: ["KMS", "CLibCrypto", "Locking"]),
        // The `kms` command line's machinery, testable on its own: argument forms as the AWS
        // CLI reads them, output formats, the --query language. Not a product.
        .target(name: "KMSCLI", dependencies: ["KMS"]),
        .executableTarget(
            name: "kms",
            dependencies: [
                "KMS",
                "AWSEncryptionSDK",
                "KMSCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Test helpers shared by the KMS test targets: fixture replay and recording, the local KMS
        // launcher. Not a product.
        .target(name: "KMSTestSupport", dependencies: ["KMS", "Locking"], path: "Sources/KMSTestSupport", exclude: ["README.md"]),
        // Counts one thread's heap allocations for KMSAllocationTests (the test process's malloc
        // counts, then calls glibc's). Not a product.
        .target(name: "CAllocationCounter"),
        .testTarget(name: "KMSCLITests", dependencies: ["KMSCLI"]),
        .testTarget(name: "AWSSigV4Tests", dependencies: ["AWSSigV4"], exclude: ["Vectors"]),
        .testTarget(name: "CurlHTTPTests", dependencies: ["CurlHTTP"], exclude: ["Servers"]),
        .testTarget(
            name: "KMSTests",
            dependencies: [
                "KMS", "KMSTestSupport", "KMSTesting", .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "AWSEncryptionSDKTests",
            dependencies: ["AWSEncryptionSDK", "KMS", "KMSTestSupport", "KMSTesting"],
            exclude: ["Fixtures"]
        ),
        // Hostile servers, faults under load, secrets in logs, input at and past its limits.
        .testTarget(
            name: "KMSHardeningTests",
            dependencies: [
                "KMS", "KMSTestSupport", .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            exclude: ["Servers"]
        ),
        // KMSClient as a Service in a ServiceGroup; empty unless built with the trait
        // (`make test` builds with it).
        .testTarget(
            name: "KMSLifecycleTests",
            dependencies: [
                "KMS", "KMSTesting", "KMSTestSupport",
                .product(
                    name: "ServiceLifecycle", package: "swift-service-lifecycle",
                    condition: .when(traits: ["ServiceLifecycleSupport"])),
            ]
        ),
        // A server app's file: KMS and AWSEncryptionSDK imported beside swift-http-types and
        // stand-ins for NIOHTTP1's and AsyncHTTPClient's names, all used unqualified; it
        // compiles only while KMS exports none of those names.
        .target(name: "NameClashPeers", path: "Tests/NameClashPeers"),
        .testTarget(
            name: "NameClashTests",
            dependencies: [
                "KMS", "AWSEncryptionSDK", "KMSTesting", "NameClashPeers",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // Allocations per call of the hot paths against committed thresholds (issue 15's guard).
        .testTarget(
            name: "KMSAllocationTests",
            dependencies: ["KMS", "AWSSigV4", "CurlHTTP", "AWSEncryptionSDK", "CAllocationCounter"]
        ),
        // Against a real local KMS (moto's server on 127.0.0.1), started by the tests.
        .testTarget(
            name: "KMSIntegrationTests",
            dependencies: ["KMS", "AWSEncryptionSDK", "KMSTestSupport", .product(name: "Logging", package: "swift-log")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
