// swift-tools-version:6.1
// The performance harness of swift-kms, kept in a package of its own so the main package stays
// light: ordo-one/benchmark micro-benchmarks (`swift package benchmark`) and the KMSLoad load
// generator that scripts/bench/run.sh runs against a loopback server.
import PackageDescription

let package = Package(
    name: "swift-kms-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-kms", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Micro-benchmarks: signing, encoding, decoding, the whole client path over a replay
        // transport; time and allocations per call.
        .executableTarget(
            name: "KMSBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "KMS", package: "swift-kms"),
                .product(name: "AWSSigV4", package: "swift-kms"),
                .product(name: "CurlHTTP", package: "swift-kms"),
                "CSigV4Reference",
                "BenchmarkRequest",
            ],
            path: "Benchmarks/KMSBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The C reference signer (scripts/bench/c/sigv4.h), for a side-by-side benchmark row.
        .target(
            name: "CSigV4Reference",
            path: "Sources/CSigV4Reference",
            linkerSettings: [.linkedLibrary("crypto")]
        ),
        // The request both of the others work on, and the canned transport that answers it.
        .target(
            name: "BenchmarkRequest",
            dependencies: [
                .product(name: "KMS", package: "swift-kms"),
                .product(name: "AWSSigV4", package: "swift-kms"),
                .product(name: "CurlHTTP", package: "swift-kms"),
            ],
            path: "Sources/BenchmarkRequest"
        ),
        // The Swift client of the loopback throughput harness.
        .executableTarget(
            name: "KMSLoad",
            dependencies: [
                .product(name: "KMS", package: "swift-kms"),
                .product(name: "AWSEncryptionSDK", package: "swift-kms"),
                .product(name: "AWSSigV4", package: "swift-kms"),
                .product(name: "CurlHTTP", package: "swift-kms"),
                "BenchmarkRequest",
            ],
            path: "Sources/KMSLoad"
        ),
    ],
    swiftLanguageModes: [.v6]
)
