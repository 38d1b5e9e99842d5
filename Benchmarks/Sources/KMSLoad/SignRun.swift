#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BenchmarkRequest
import KMS
import CurlHTTP
import AWSSigV4

/// The Swift side of the signing comparison, measured exactly as scripts/bench/c/sign_bench.c
/// measures the C reference: the same GenerateDataKey request (headers, host, body), the current
/// time read per call, key cached, a warm-up, then the best of five rounds of CPU-or-wall time
/// per signature. Prints `RESULT client=swift-sign ... ns_per_op=...`.
///
/// It times `signHeaders`, what `KMSClient` calls for every request: the `X-Amz-Date` and
/// `Authorization` values, which is what the C reference produces too (`sign` also returns
/// the canonical request and string to sign, for debugging).
enum SignRun {
    /// The same request signed once, now, as an `HTTPRequest` for the transport-only run.
    static func presignedRequest(port: Int) -> HTTPRequest {
        let host = "127.0.0.1:\(port)"
        let request = BenchmarkRequest.signingRequest(host: host)
        let signature = SigV4Signer(region: "us-east-1", service: "kms")
            .sign(request, credentials: BenchmarkRequest.credentials, date: Date())
        var headers = HTTPHeaders(request.headers)
        for header in signature.headers { headers.replaceOrAdd(name: header.name, value: header.value) }
        headers.add(name: "User-Agent", value: "swift-kms/0.1")
        return HTTPRequest(method: "POST", url: "http://\(host)/", headers: headers, body: BenchmarkRequest.body)
    }

    static func run(iterations: Int) {
        let signer = SigV4Signer(region: "us-east-1", service: "kms")
        let request = BenchmarkRequest.signingRequest(host: "127.0.0.1:8080")
        var sink = 0
        for _ in 0..<iterations / 10 {
            sink &+= signer.signHeaders(request, credentials: BenchmarkRequest.credentials, date: Date()).authorization.utf8.count
        }
        var best = Double.infinity
        let perRound = iterations / 5
        for _ in 0..<5 {
            let cpuStart = ProcessStats.cpuSeconds()
            let start = ProcessStats.now()
            for _ in 0..<perRound {
                sink &+= signer.signHeaders(request, credentials: BenchmarkRequest.credentials, date: Date()).authorization.utf8.count
            }
            let wall = ProcessStats.now() - start
            let cpu = ProcessStats.cpuSeconds() - cpuStart
            best = min(best, min(wall, cpu) * 1e9 / Double(perRound))
        }
        Output.line(
            "RESULT client=swift-sign iterations=\(iterations) ns_per_op=\(LoadRun.fixed(best, 1)) sink=\(sink & 1)"
        )
    }
}
