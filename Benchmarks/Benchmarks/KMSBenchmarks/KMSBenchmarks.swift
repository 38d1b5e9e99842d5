// The micro-benchmarks of the performance issue: what one KMS call costs in our own code, in
// time and allocations, beside the C reference signer. Run from Benchmarks/ with
//   swift package --allow-writing-to-package-directory benchmark
// (scripts/bench/run.sh --micro does it). Every row reports per call: the inner loop runs
// `scalingFactor` calls per measurement.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Benchmark
@_spi(Benchmarks) import KMS
import Synchronization
import AWSSigV4

/// One day in seconds: the signing key changes with the day.
private let day: Double = 86_400
/// Fixed instants keep the signatures comparable across runs; the signer does not care.
private let epoch: Int64 = 1_764_000_000

/// Successive days for the uncached row, never repeated during a run, so every call derives.
private let uncachedDay = Atomic<Int>(0)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        timeUnits: .nanoseconds,
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 10_000
    )

    let reference = ReferenceSigner(host: BenchmarkInputs.host)
    let signer = SigV4Signer(region: "us-east-1", service: "kms")
    let request = BenchmarkInputs.signingRequest()
    let date = Date(timeIntervalSince1970: Double(epoch))

    // The two signers must compute the same signature, or the rows below compare different work.
    let swiftAuthorization = signer.sign(request, credentials: BenchmarkInputs.credentials, date: date)
        .headers.first { $0.name.lowercased() == "authorization" }?.value
    precondition(
        swiftAuthorization == reference.authorization(epoch: epoch),
        "the Swift and C signers disagree on the benchmark request"
    )
    precondition(
        signer.signHeaders(request, credentials: BenchmarkInputs.credentials, date: date).authorization == swiftAuthorization,
        "signHeaders disagrees with sign on the benchmark request"
    )

    Benchmark("SigV4 sign KMS request: C reference, EVP reused, key cached") { benchmark in
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
            for _ in benchmark.scaledIterations {
                reference.signOnly(epoch: epoch, into: buffer)
                blackHole(buffer[100])
            }
        }
    }

    Benchmark("SigV4 sign KMS request: Swift, key cached") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(signer.sign(request, credentials: BenchmarkInputs.credentials, date: date))
        }
    }

    // What the client calls per request: the date and Authorization values only, as the C
    // reference produces them.
    Benchmark("SigV4 sign KMS request: Swift signHeaders (the client's path), key cached") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(signer.signHeaders(request, credentials: BenchmarkInputs.credentials, date: date))
        }
    }

    Benchmark("SigV4 sign KMS request: Swift, key derived every call") { benchmark in
        for _ in benchmark.scaledIterations {
            let days = uncachedDay.add(1, ordering: .relaxed).newValue
            let when = Date(timeIntervalSince1970: Double(epoch) + Double(days) * day)
            blackHole(signer.sign(request, credentials: BenchmarkInputs.credentials, date: when))
        }
    }

    Benchmark("KMS encode GenerateDataKey request (validate + JSON body)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try KMSClient.benchmarkEncodeGenerateDataKey(id: BenchmarkInputs.keyID, size: 32))
        }
    }

    // Each call decodes a fresh copy of the body, as each real response arrives in a new buffer
    // (the decoder scrubs it in place): that copy is one of the allocations counted.
    Benchmark("KMS decode GenerateDataKey response (plaintext extract + JSON + zeroing)") { benchmark in
        let canned = BenchmarkInputs.generateDataKeyResponse.body
        for _ in benchmark.scaledIterations {
            var body = canned
            let key = try KMSClient.benchmarkDecodeGenerateDataKey(&body)
            blackHole(key.id == BenchmarkInputs.keyARN)
        }
    }

    Benchmark("KMS generateDataKey: whole client path, replay transport") { benchmark, client in
        for _ in benchmark.scaledIterations {
            let key = try await client.generateDataKey(id: BenchmarkInputs.keyID, size: 32)
            blackHole(key.id == BenchmarkInputs.keyARN)
        }
    } setup: {
        try BenchmarkInputs.replayClient()
    }

    // The same path with spans and metrics skipped outright, whatever is bootstrapped: the
    // baseline of the observability bar (the row above, with nothing bootstrapped, must cost
    // no more than 2 % more).
    Benchmark("KMS generateDataKey: whole client path, replay transport, observability off (baseline)") { benchmark, client in
        for _ in benchmark.scaledIterations {
            let key = try await client.generateDataKey(id: BenchmarkInputs.keyID, size: 32)
            blackHole(key.id == BenchmarkInputs.keyARN)
        }
    } setup: {
        try BenchmarkInputs.replayClient(instrumentation: false)
    }
}
