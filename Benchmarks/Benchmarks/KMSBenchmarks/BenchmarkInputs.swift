#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BenchmarkRequest
import KMS
import AWSSigV4

/// The GenerateDataKey call of `BenchmarkRequest` as our client sends it to `127.0.0.1:8080`,
/// and the canned reply the loopback server gives (a fake key: the bytes 0x00...0x1f).
enum BenchmarkInputs {
    static let host = "127.0.0.1:8080"
    static let credentials = BenchmarkRequest.credentials
    static let keyID = BenchmarkRequest.keyID
    static let keyARN = BenchmarkRequest.keyARN

    /// The request the C reference signs too, header for header and byte for byte.
    static func signingRequest() -> SigV4Request {
        BenchmarkRequest.signingRequest(host: host, body: ReferenceSigner.body)
    }

    /// The loopback server's GenerateDataKey reply (scripts/bench/nginx.conf).
    static let generateDataKeyResponse = BenchmarkRequest.generateDataKeyResponse

    /// A client whose transport replays `generateDataKeyResponse`: the whole client path, no network.
    /// With `instrumentation: false`, the client skips spans and metrics entirely (the
    /// `@_spi(Benchmarks)` baseline); otherwise it does what an app that bootstrapped no
    /// tracing or metrics backend gets.
    static func replayClient(instrumentation: Bool = true) throws -> KMSClient {
        try BenchmarkRequest.replayClient(host: host, instrumentation: instrumentation)
    }
}
