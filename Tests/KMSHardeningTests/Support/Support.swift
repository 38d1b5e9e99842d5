import Foundation
import Logging
import Testing

@testable import KMS
import CurlHTTP

/// Distinctive fake secrets: if any of them shows up in a log line or a description, it leaked.
enum Secret {
    static let accessKeyId = "AKIAHOSTILEFAKE00042"
    static let secretAccessKey = "hostileSECRETkey/Zq9+Wv-never-log-7Kp"
    static let sessionToken = "hostileSESSIONtoken+Fw8Qz1Lm-never-log-IQoJb3JpZ2lu"
    /// The data key bytes the hostile server hands out for `size` bytes: `(7 * i + 11) % 256`.
    static func serverKey(_ size: Int) -> [UInt8] { (0..<size).map { UInt8((7 * $0 + 11) % 256) } }
}

/// A config for a loopback server: fake static credentials, short timeouts, no proxy, and
/// `attempts` tries per call (1: no retry) with a short back-off.
func hostileConfig(
    endpoint: String, timeout: Double = 2, attempts: Int = 1, sessionToken: String? = Secret.sessionToken
) throws -> AWSConfig {
    var config = try AWSConfig(
        region: "us-east-1", accessKeyId: Secret.accessKeyId, secretAccessKey: Secret.secretAccessKey,
        sessionToken: sessionToken, endpoint: endpoint)
    config.timeout = .seconds(timeout)
    config.connectTimeout = .seconds(timeout)
    config.httpConfiguration.proxy = .disabled
    config.retry = RetryConfiguration(maxAttempts: attempts, baseDelay: .milliseconds(20), maxBackoff: .milliseconds(100))
    return config
}

/// What a call ended in.
enum Outcome: CustomStringConvertible {
    case success
    case kms(KMSError)
    case http(HTTPClientError)
    case other(any Error)

    var description: String {
        switch self {
        case .success: "success"
        case .kms(let error): "\(error)"
        case .http(let error): "\(error)"
        case .other(let error): "untyped \(type(of: error)): \(error)"
        }
    }

    var isTyped: Bool {
        if case .other = self { return false }
        return true
    }

    var kmsCode: KMSError.Code? {
        if case .kms(let error) = self { return error.code }
        return nil
    }

    var httpKind: HTTPClientError.Code? {
        if case .http(let error) = self { return error.code }
        return nil
    }

    /// The error itself, for description checks.
    var error: (any Error)? {
        switch self {
        case .success: nil
        case .kms(let error): error
        case .http(let error): error
        case .other(let error): error
        }
    }
}

/// Runs `call` and sorts what it ended in; also returns how long it took in seconds.
func outcome(_ call: () async throws -> Void) async -> (Outcome, Double) {
    let started = ContinuousClock.now
    let result: Outcome
    do {
        try await call()
        result = .success
    } catch let error as KMSError {
        result = .kms(error)
    } catch let error as HTTPClientError {
        result = .http(error)
    } catch {
        result = .other(error)
    }
    let elapsed = ContinuousClock.now - started
    return (result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

/// A swift-log handler that keeps every line it is given, at trace level, metadata included.
final class CapturingLogHandler: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var captured: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { $1 } }
        let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let line = "\(event.level) \(event.message) \(fields) [\(event.source) \(event.file):\(event.line)]"
        lock.withLock { captured.append(line) }
    }

    /// Every line so far.
    var lines: [String] { lock.withLock { captured } }

    /// A logger that writes here.
    func logger(label: String = "kms-hardening") -> Logger {
        var logger = Logger(label: label, factory: { _ in self })
        logger.logLevel = .trace
        return logger
    }
}

/// This process's resources, read from procfs.
enum ProcessProbe {
    /// Open file descriptors (`/proc/self/fd`).
    static func openFileDescriptors() -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).count
    }

    /// `Threads:` of `/proc/self/status`.
    static func threads() -> Int { statusField("Threads:") }

    /// Resident memory in KiB (`VmRSS:`).
    static func residentKiB() -> Int { statusField("VmRSS:") }

    private static func statusField(_ name: String) -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            let digits = line.dropFirst(name.count).filter(\.isNumber)
            return Int(digits) ?? -1
        }
        return -1
    }

    /// Polls `condition` every 50 ms for up to `seconds`; returns whether it came true.
    static func wait(upTo seconds: Double, until condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }
}

/// A transport that records what it is given and fails the test if anything is sent at all.
final class MustNotSendTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [HTTPRequest] = []

    var requests: [HTTPRequest] { lock.withLock { recorded } }

    func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        lock.withLock { recorded.append(request) }
        Issue.record("a request was sent: \(request)")
        throw HTTPClientError.connectionRefused
    }
}
