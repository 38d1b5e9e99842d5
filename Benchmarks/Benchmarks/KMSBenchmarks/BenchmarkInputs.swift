#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BenchmarkRequest
@_spi(Benchmarks) import KMS
import CurlHTTP
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
    static let generateDataKeyResponse = HTTPResponse(
        status: 200,
        headers: HTTPHeaders([
            (name: "Content-Type", value: "application/x-amz-json-1.1"),
            (name: "Content-Length", value: "394"),
            (name: "x-amzn-RequestId", value: "6a60742a-b2f3-de5d-c89d-960147a5c9ea"),
        ]),
        body: Array(
            #"{"CiphertextBlob":"AQIDAAswVXqfxOkOM1h9osfsETZbgKXK7xQ5XoOozfIXPGGGq9D1Gj9kia7T+B1CZ4yx1vsgRWqPtNn+I0htkrfcASZLcJW63wQpTnOYveIHLFF2m8DlCi9UeZ7D6A0yV3yhxusQNVp/pMnuEzhdgqfM8RY7YIWqz/QZPmOIrdL3HEFmi7DV+h9EaY6z2P0iR2yRttsAJUpvlLneAyhNcpe84QYrUHWav+Q=","KeyId":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab","Plaintext":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}"#
                .utf8
        )
    )

    /// A client whose transport replays `generateDataKeyResponse`: the whole client path, no network.
    /// With `instrumentation: false`, the client skips spans and metrics entirely (the
    /// `@_spi(Benchmarks)` baseline); otherwise it does what an app that bootstrapped no
    /// tracing or metrics backend gets.
    static func replayClient(instrumentation: Bool = true) throws -> KMSClient {
        var config = try AWSConfig(
            region: "us-east-1",
            accessKeyId: credentials.accessKeyId,
            secretAccessKey: credentials.secretAccessKey,
            endpoint: "http://\(host)"
        )
        config.benchmarkInstrumentationDisabled = !instrumentation
        return KMSClient(config: config, transport: CannedTransport(response: generateDataKeyResponse), logger: nil)
    }
}
