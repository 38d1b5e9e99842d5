@_spi(Benchmarks) import KMS
import AWSSigV4
import CurlHTTP

/// The GenerateDataKey call every benchmark works on, in one place for the micro-benchmarks
/// and the load generator: the key, the request body, the headers our client signs, and fake
/// credentials (the documentation's example).
public enum BenchmarkRequest {
    /// The key id sent; the canned server answers any.
    public static let keyID = "alias/bench"
    /// The key ARN the canned answers carry: a reply that decodes to anything else is an error.
    public static let keyARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    /// The body our client sends for `generateDataKey(id: keyID, size: 32)`, and the C
    /// reference signs (scripts/bench/c/bench_common.h).
    public static let body = Array(#"{"KeyId":"alias/bench","NumberOfBytes":32}"#.utf8)

    public static let credentials = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )

    /// The loopback server's GenerateDataKey reply (scripts/bench/nginx.conf): a fake key, the
    /// bytes 0x00...0x1f.
    public static let generateDataKeyResponse = HTTPResponse(
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

    /// A client whose transport replays ``generateDataKeyResponse``: the whole client path, no
    /// network (`host` is only named, never contacted). With `instrumentation: false` the
    /// client skips spans and metrics entirely (the `@_spi(Benchmarks)` baseline); otherwise
    /// it does what an app that bootstrapped no tracing or metrics backend gets.
    public static func replayClient(host: String, instrumentation: Bool = true) throws -> KMSClient {
        var config = try AWSConfig(
            region: "us-east-1",
            accessKeyId: credentials.accessKeyId,
            secretAccessKey: credentials.secretAccessKey,
            endpoint: "http://\(host)"
        )
        config.benchmarkInstrumentationDisabled = !instrumentation
        return KMSClient(config: config, transport: CannedTransport(response: generateDataKeyResponse), logger: nil)
    }

    /// The request as our client signs it, for this host.
    public static func signingRequest(host: String, body: [UInt8] = body) -> SigV4Request {
        SigV4Request(
            method: "POST",
            path: "/",
            headers: [
                (name: "Content-Type", value: "application/x-amz-json-1.1"),
                (name: "Host", value: host),
                (name: "X-Amz-Target", value: "TrentService.GenerateDataKey"),
            ],
            payload: .bytes(body)
        )
    }
}
