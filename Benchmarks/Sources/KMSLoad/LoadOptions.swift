#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The command line of the load generator: where the server is, how long or how many calls,
/// and how many tasks share one client.
struct LoadOptions: Sendable {
    /// Loopback port of the canned KMS server.
    var port: Int = 0
    /// Length of a timed run, in seconds.
    var seconds: Double = 3
    /// Tasks calling `generateDataKey` at once on the one client; 1 is the sequential run.
    var tasks: Int = 1
    /// When set, the memory run: this many calls in all, RSS printed along the way.
    var calls: Int? = nil
    /// `http`: bypass KMS and send one pre-signed request through `CurlHTTPClient` alone, to
    /// tell the transport's cost from the KMS layer's.
    var layer: Layer = .kms
    /// `--executor curl`: the calling tasks prefer the client's curl thread as their executor.
    var curlExecutor = false
    /// When set, the signing run: this many signatures of the KMS request, no server needed.
    var signIterations: Int? = nil
    /// When set, an envelope run of this mode (``EnvelopeRun/modes``); `--port` only for the
    /// KMS keyring modes.
    var envelope: String? = nil
    /// When set, the replay run (``ReplayRun``): this many calls over a canned transport.
    var replayCalls: Int? = nil
    /// `off` for the replay run's baseline: spans and metrics skipped outright.
    var observability = true

    static let usage = """
        usage: KMSLoad --port PORT [--seconds S] [--tasks N] [--layer kms|http] [--executor curl]
                                                                  timed run, prints RESULT
               KMSLoad --port PORT --calls N [--tasks N]          memory run, prints MEMORY
               KMSLoad --sign N                                   signing run, prints ns/op
               KMSLoad --envelope MODE [--seconds S] [--port PORT] [--tasks N]
                                                                  envelope run, prints RESULT
               KMSLoad --replay N [--observability default|off]   no server, prints RESULT
        """

    /// Parses `--name value` pairs; nil with a message on stderr when they make no sense.
    static func parse(_ arguments: [String]) -> LoadOptions? {
        var options = LoadOptions()
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { return nil }
            switch flag {
            case "--port": options.port = Int(value) ?? 0
            case "--seconds": options.seconds = Double(value) ?? 0
            case "--tasks": options.tasks = Int(value) ?? 0
            case "--calls": options.calls = Int(value) ?? 0
            case "--sign": options.signIterations = Int(value) ?? 0
            case "--envelope": options.envelope = value
            case "--executor":
                guard value == "curl" else { return nil }
                options.curlExecutor = true
            case "--replay": options.replayCalls = Int(value) ?? 0
            case "--observability":
                guard value == "default" || value == "off" else { return nil }
                options.observability = value == "default"
            case "--layer":
                guard let layer = Layer(rawValue: value) else { return nil }
                options.layer = layer
            default: return nil
            }
        }
        if let iterations = options.signIterations { return iterations >= 5 ? options : nil }
        if let calls = options.replayCalls { return calls > 0 ? options : nil }
        if let mode = options.envelope {
            return EnvelopeRun.modes.contains(mode) && options.seconds > 0 && options.seconds <= 600
                && (1...64).contains(options.tasks) ? options : nil
        }
        guard (1...65535).contains(options.port), options.seconds > 0, options.seconds <= 600,
            (1...1024).contains(options.tasks), (options.calls ?? 1) > 0
        else { return nil }
        return options
    }

    /// What the load goes through.
    enum Layer: String, Sendable {
        /// `KMSClient.generateDataKey`: the whole client.
        case kms
        /// `CurlHTTPClient.execute` of one request signed up front: the transport alone.
        case http
    }

    /// The name the run reports itself under: `swift-seq`, `swift-<tasks>`, `swift-http-seq`, …,
    /// with `BENCH_SUFFIX` (`-tls`, `-h2`) appended in the TLS rounds.
    var clientName: String {
        let prefix = layer == .kms ? "swift" : "swift-http"
        return (tasks == 1 ? "\(prefix)-seq" : "\(prefix)-\(tasks)") + (curlExecutor ? "-curlexec" : "")
            + (Self.environment("BENCH_SUFFIX") ?? "")
    }

    /// A non-empty environment variable.
    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }
}
