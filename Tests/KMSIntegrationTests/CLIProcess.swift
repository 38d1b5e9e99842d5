import Foundation
import KMS
import KMSTestSupport
import Testing

/// Runs the built `kms` executable as a subprocess, as a user's shell would.
enum CLIProcess {
    /// What one run gave.
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String

        /// stdout parsed as a JSON object; fails the test when it is not one.
        func json(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            return try #require(object as? [String: Any], "stdout is not a JSON object: \(stdout)", sourceLocation: sourceLocation)
        }
    }

    /// `kms` beside this test binary: `swift build` and `swift test` put every product of the
    /// package in one folder.
    static let executablePath: String? = {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let path = URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("kms").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    /// Whether CLI suites run here: the executable was built, or CI demands they run anyway.
    static var shouldRun: Bool { executablePath != nil || LocalKMSScope.isCI }

    /// The environment a run gets: only `PATH` and what is given, so the machine's AWS
    /// settings and proxies never leak in.
    static func environment(_ variables: [String: String]) -> [String: String] {
        var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        environment["NO_PROXY"] = "127.0.0.1,localhost"
        // The credential chain must never leave loopback: no instance metadata, and no
        // shared files of the machine's.
        environment["AWS_EC2_METADATA_DISABLED"] = "true"
        environment["AWS_CONFIG_FILE"] = "/dev/null"
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
        environment.merge(variables) { _, new in new }
        return environment
    }

    /// The variables that point the CLI at `server`, signed with `credentials`.
    static func environment(for server: LocalKMS, credentials: AWSCredentials? = nil) -> [String: String] {
        let credentials = credentials ?? server.credentials
        var variables = [
            "AWS_REGION": server.region,
            "AWS_ACCESS_KEY_ID": credentials.accessKeyId,
            "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
            "AWS_ENDPOINT_URL": server.endpoint,
        ]
        variables["AWS_SESSION_TOKEN"] = credentials.sessionToken
        return environment(variables)
    }

    /// Runs `kms arguments…` with exactly `environment`, killed after `timeout` seconds.
    static func run(
        _ arguments: [String],
        environment: [String: String],
        timeout: Double = 60,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Result {
        let path = try #require(executablePath, "the kms executable was not built beside the tests (swift build)", sourceLocation: sourceLocation)
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try runBlocking(path, arguments, environment, timeout) })
            }
        }
    }

    private static func runBlocking(_ path: String, _ arguments: [String], _ environment: [String: String], _ timeout: Double) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        // Read stderr on another thread so neither pipe can fill up and block the child.
        let errorData = LockedData()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData.set(errors.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData.get(), as: UTF8.self)
        )
    }

    /// Bytes handed from the stderr reader thread.
    private final class LockedData: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func set(_ value: Data) { lock.withLock { data = value } }
        func get() -> Data { lock.withLock { data } }
    }
}

extension Trait where Self == ConditionTrait {
    /// Skips a CLI suite, saying why, when the `kms` executable was not built, unless `CI` is set.
    static var kmsExecutableBuilt: Self {
        .enabled("needs the kms executable beside the test binary (swift build); with CI set, its absence fails instead") {
            CLIProcess.shouldRun
        }
    }
}
