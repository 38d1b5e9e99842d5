import KMS
import AWSSigV4

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
