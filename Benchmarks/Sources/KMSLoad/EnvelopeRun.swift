import AWSEncryptionSDK
import BenchmarkRequest
import KMS

/// The envelope side of the harness: `EncryptionSDKClient` in a loop, one message at a time,
/// printing a RESULT line in the format of the other clients (a "request" is one message).
///
/// Modes:
/// - `raw-0478-enc`, `raw-0478-dec`, `raw-0578-enc`, `raw-0578-dec`: 1 KiB plaintexts, frame
///   length 4096, a raw AES-256 keyring (no network) — set against the Python SDK doing the same.
/// - `1m-enc`, `1m-dec`: 1 MiB plaintexts with 0x0478 at frame length 4096 — set against
///   `openssl speed -evp aes-256-gcm` (a request here is one MiB).
/// - `kms-0478-enc`, `kms-cache-0478-enc`: 1 KiB plaintexts with the KMS keyring against the
///   canned KMS on 127.0.0.1, without and with the caching materials manager.
/// - `stream-1g`: 1 GiB streamed through `encryptStream` into `decryptStream` (0x0478, frame
///   4096, 64 KiB chunks), once; reports MiB/s and the process's peak RSS.
struct EnvelopeRun: Sendable {
    let mode: String
    let options: LoadOptions

    static let modes = [
        "raw-0478-enc", "raw-0478-dec", "raw-0578-enc", "raw-0578-dec", "1m-enc", "1m-dec", "kms-0478-enc",
        "kms-cache-0478-enc", "stream-1g",
    ]

    /// One message's work, checked: true when it produced what it should.
    typealias Operation = @Sendable () async throws -> Bool

    /// Builds the operation of the mode; the KMS client (if any) is returned to be shut down.
    func operation() async throws -> (Operation, KMSClient?) {
        let client = EncryptionSDKClient()
        let kilobyte = (0..<1024).map { UInt8(truncatingIfNeeded: $0) }
        let megabyte = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let suite0478 = AlgorithmSuite(rawValue: 0x0478)!
        let raw = try RawAESKeyring(keyNamespace: "bench", keyName: "bench-key", wrappingKey: [UInt8](repeating: 0, count: 32))
        switch mode {
        case "raw-0478-enc", "raw-0578-enc":
            let suite = AlgorithmSuite(rawValue: mode.hasPrefix("raw-0478") ? 0x0478 : 0x0578)!
            return ({ try await client.encrypt(plaintext: kilobyte, keyring: raw, algorithmSuite: suite).count > 1024 }, nil)
        case "raw-0478-dec", "raw-0578-dec":
            let suite = AlgorithmSuite(rawValue: mode.hasPrefix("raw-0478") ? 0x0478 : 0x0578)!
            let message = try await client.encrypt(plaintext: kilobyte, keyring: raw, algorithmSuite: suite)
            return ({ try await client.decrypt(ciphertext: message, keyring: raw).plaintext.count == 1024 }, nil)
        case "1m-enc":
            return ({ try await client.encrypt(plaintext: megabyte, keyring: raw, algorithmSuite: suite0478).count > 1 << 20 }, nil)
        case "1m-dec":
            let message = try await client.encrypt(plaintext: megabyte, keyring: raw, algorithmSuite: suite0478)
            return ({ try await client.decrypt(ciphertext: message, keyring: raw).plaintext.count == 1 << 20 }, nil)
        case "kms-0478-enc", "kms-cache-0478-enc":
            let config = try AWSConfig(
                region: "us-east-1",
                accessKeyId: BenchmarkRequest.credentials.accessKeyId,
                secretAccessKey: BenchmarkRequest.credentials.secretAccessKey,
                endpoint: "http://127.0.0.1:\(options.port)")
            let kms = KMSClient(config: config)
            let keyring = AWSKMSKeyring(client: kms, generatorKeyId: BenchmarkRequest.keyARN)
            if mode == "kms-0478-enc" {
                return ({ try await client.encrypt(plaintext: kilobyte, keyring: keyring, algorithmSuite: suite0478).count > 1024 }, kms)
            }
            let manager = CachingCryptographicMaterialsManager(
                keyring: keyring, cache: LocalCryptographicMaterialsCache(capacity: 100), maxAge: .seconds(600))
            return (
                {
                    try await client.encrypt(plaintext: kilobyte, materialsManager: manager, algorithmSuite: suite0478).count > 1024
                }, kms
            )
        default:
            throw EnvelopeModeError(mode: mode)
        }
    }

    struct EnvelopeModeError: Error, CustomStringConvertible {
        var mode: String
        var description: String { "unknown envelope mode \(mode); one of \(EnvelopeRun.modes.joined(separator: ", "))" }
    }

    /// Streams 1 GiB of plaintext through encryption and straight into decryption, never
    /// holding more than a few chunks; prints a RESULT line with MiB/s and the peak RSS.
    func stream() async throws -> Bool {
        let chunk = [UInt8](repeating: 0x42, count: 64 << 10)
        let chunks = (1 << 30) / chunk.count
        let keyring = try RawAESKeyring(keyNamespace: "bench", keyName: "bench-key", wrappingKey: [UInt8](repeating: 0, count: 32))
        let client = EncryptionSDKClient()
        let source = AsyncStream<[UInt8]> { continuation in
            for _ in 0..<chunks { continuation.yield(chunk) }
            continuation.finish()
        }
        let cpuStart = ProcessStats.cpuSeconds()
        let start = ProcessStats.now()
        let encrypted = client.encryptStream(
            source, keyring: keyring, algorithmSuite: AlgorithmSuite(rawValue: 0x0478)!, frameLength: 4096)
        var bytes = 0
        var mismatch = false
        for try await piece in client.decryptStream(encrypted, keyring: keyring) {
            bytes += piece.count
            if piece.first.map({ $0 != 0x42 }) == true { mismatch = true }
        }
        let seconds = ProcessStats.now() - start
        let cpu = ProcessStats.cpuSeconds() - cpuStart
        let ok = bytes == 1 << 30 && !mismatch
        let mebibytes = Double(bytes) / Double(1 << 20)
        Output.line(
            "RESULT client=swift-esdk-stream-1g requests=\(ok ? 1 : 0) errors=\(ok ? 0 : 1)"
                + " seconds=\(LoadRun.fixed(seconds, 3)) rps=\(LoadRun.fixed(mebibytes / seconds, 1))"
                + " cpu_us=\(LoadRun.fixed(cpu * 1e6, 0)) threads=\(ProcessStats.threads())"
                + " rss_kb=\(ProcessStats.residentKiB()) peak_rss_kb=\(ProcessStats.peakResidentKiB())"
        )
        return !ok
    }

    /// Runs the mode for `options.seconds` after one warm-up message, in `options.tasks` tasks
    /// at once (1: one message at a time); prints the RESULT line. Returns true when any
    /// message failed.
    func timed() async throws -> Bool {
        let (operation, kms) = try await operation()
        defer { if let kms { Task { await kms.shutdown() } } }
        _ = try await operation()
        let tasks = max(options.tasks, 1)
        let cpuStart = ProcessStats.cpuSeconds()
        let start = ProcessStats.now()
        let deadline = start + options.seconds
        let mode = self.mode
        let counts = await withTaskGroup(of: (done: Int, errors: Int, threads: Int).self) { group in
            for _ in 0..<tasks {
                group.addTask {
                    var done = 0
                    var errors = 0
                    var threads = ProcessStats.threads()
                    while ProcessStats.now() < deadline {
                        do {
                            if try await operation() { done += 1 } else { errors += 1 }
                        } catch {
                            if errors == 0 { Output.error("KMSLoad: \(mode) failed: \(error)") }
                            errors += 1
                        }
                        if done & 255 == 0 { threads = max(threads, ProcessStats.threads()) }
                    }
                    return (done, errors, threads)
                }
            }
            return await group.reduce(into: (done: 0, errors: 0, threads: 0)) {
                $0 = ($0.done + $1.done, $0.errors + $1.errors, max($0.threads, $1.threads))
            }
        }
        let (done, errors, threads) = counts
        let seconds = ProcessStats.now() - start
        let cpu = ProcessStats.cpuSeconds() - cpuStart
        let name = tasks == 1 ? "swift-esdk-\(mode)" : "swift-esdk-\(mode)-\(tasks)tasks"
        Output.line(
            "RESULT client=\(name) requests=\(done) errors=\(errors)"
                + " seconds=\(LoadRun.fixed(seconds, 3)) rps=\(LoadRun.fixed(Double(done) / seconds, 1))"
                + " cpu_us=\(LoadRun.fixed(cpu * 1e6 / Double(max(done, 1)), 2))"
                + " threads=\(threads) rss_kb=\(ProcessStats.residentKiB())"
        )
        return errors > 0
    }
}
