// KMSLoad: the Swift client of the loopback harness. One `KMSClient` against the canned KMS
// server on 127.0.0.1, `generateDataKey` in a loop, sequential or from many tasks at once
// (or, with `--layer http`, the transport alone sending one pre-signed request).
// Prints one line in the format of the C and boto3 clients, so scripts/bench/run.sh can put
// them side by side.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BenchmarkRequest
import KMS
import CurlHTTP

guard let options = LoadOptions.parse(Array(CommandLine.arguments.dropFirst())) else {
    Output.error(LoadOptions.usage)
    exit(64)
}

if let iterations = options.signIterations {
    SignRun.run(iterations: iterations)
    exit(0)
}

if let calls = options.replayCalls {
    exit(await ReplayRun.run(calls: calls, instrumentation: options.observability) ? 1 : 0)
}

if let mode = options.envelope {
    do {
        let run = EnvelopeRun(mode: mode, options: options)
        exit(try await (mode == "stream-1g" ? run.stream() : run.timed()) ? 1 : 0)
    } catch {
        Output.error("KMSLoad: \(error)")
        exit(1)
    }
}

do {
    // Fake credentials (the documentation's example): the server checks no signature. The TLS
    // rounds set BENCH_SCHEME=https and BENCH_CAFILE (the throwaway CA to trust), and
    // BENCH_HTTP2 to take h2 where the server offers it (the client's default is HTTP/1.1).
    var config = try AWSConfig(
        region: "us-east-1",
        accessKeyId: BenchmarkRequest.credentials.accessKeyId,
        secretAccessKey: BenchmarkRequest.credentials.secretAccessKey,
        endpoint: "\(LoadOptions.environment("BENCH_SCHEME") ?? "http")://127.0.0.1:\(options.port)"
    )
    if let caFile = LoadOptions.environment("BENCH_CAFILE") { config.caBundlePath = caFile }
    if LoadOptions.environment("BENCH_HTTP2") != nil { config.httpConfiguration.httpVersion = .http2 }
    let target: LoadRun.Target
    var executor: (any TaskExecutor)? = nil
    switch options.layer {
    case .kms where options.curlExecutor:
        let http = CurlHTTPClient(configuration: config.httpConfiguration)
        target = .kms(KMSClient(config: config, transport: http))
        executor = http.taskExecutor
    case .kms:
        target = .kms(KMSClient(config: config))
    case .http:
        target = .http(CurlHTTPClient(), SignRun.presignedRequest(port: options.port))
    }
    let load = LoadRun(target: target, options: options, executor: executor)
    let failed: Bool
    if let calls = options.calls {
        failed = await load.memory(calls: calls)
    } else {
        failed = await load.timed()
    }
    switch target {
    case .kms(let client): await client.shutdown()
    case .http(let client, _): await client.shutdown()
    }
    exit(failed ? 1 : 0)
} catch {
    Output.error("KMSLoad: \(error)")
    exit(1)
}
