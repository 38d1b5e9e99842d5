import Foundation

/// Credentials printed by an external command (`credential_process` in a profile).
///
/// The command runs through `/bin/sh -c` with the given environment and must print JSON:
/// `{"Version": 1, "AccessKeyId": …, "SecretAccessKey": …, "SessionToken": …, "Expiration": …}`
/// (the last two optional). Why Foundation: running a child process needs `Process`, which
/// FoundationEssentials lacks. Neither the command's output nor its error stream ever goes into
/// an error message: they may hold secrets.
public struct ProcessCredentialProvider: ExpiringCredentialProvider {
    /// The command line, as written in the profile.
    public let command: String
    /// The child's environment.
    public let environment: [String: String]
    /// How long the command may run before it is killed.
    public let timeout: Duration
    /// Most bytes of output read; more is an error.
    public let maximumOutputSize: Int

    /// Creates a provider for one command line.
    public init(command: String, environment: [String: String] = ProcessInfo.processInfo.environment, timeout: Duration = .seconds(60), maximumOutputSize: Int = 64 * 1024) {
        self.command = command
        self.environment = environment
        self.timeout = timeout
        self.maximumOutputSize = maximumOutputSize
    }

    /// The JSON shape `credential_process` prints.
    struct Output: Decodable {
        var Version: Int
        var AccessKeyId: String?
        var SecretAccessKey: String?
        var SessionToken: String?
        var Expiration: String?
    }

    public func expiringCredentials() async throws -> ExpiringCredentials {
        let source = "process"
        let result = try await run()
        guard result.status == 0 else {
            throw CredentialProviderError.make(.processFailed, source, "credential_process exited with status \(result.status)")
        }
        guard result.output.count <= maximumOutputSize else {
            throw CredentialProviderError.make(.processFailed, source, "credential_process printed more than \(maximumOutputSize) bytes")
        }
        guard let output = try? JSONDecoder().decode(Output.self, from: Data(result.output)) else {
            throw CredentialProviderError.make(.processFailed, source, "credential_process output is not the expected JSON")
        }
        guard output.Version == 1 else {
            throw CredentialProviderError.make(.processFailed, source, "credential_process output has Version \(output.Version); only 1 is supported")
        }
        guard let keyId = nonEmpty(output.AccessKeyId), let secret = nonEmpty(output.SecretAccessKey) else {
            throw CredentialProviderError.make(.processFailed, source, "credential_process output lacks AccessKeyId or SecretAccessKey")
        }
        var expiration: Date?
        if let text = output.Expiration {
            guard let date = parseISO8601(text) else {
                throw CredentialProviderError.make(.processFailed, source, "credential_process Expiration is not an ISO 8601 time")
            }
            expiration = date
        }
        return ExpiringCredentials(
            AWSCredentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: nonEmpty(output.SessionToken)),
            expiration: expiration
        )
    }

    /// Runs the command off the cooperative pool: a GCD thread waits for it, so no Swift
    /// concurrency thread blocks.
    private func run() async throws -> (status: Int32, output: [UInt8]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = environment
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CredentialProviderError.make(.processFailed, "process", "credential_process could not be started")
        }
        let limit = maximumOutputSize
        let timeoutSeconds = timeout.seconds
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds, execute: killer)
        let output: [UInt8] = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var bytes: [UInt8] = []
                let handle = stdout.fileHandleForReading
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    if bytes.count <= limit { bytes.append(contentsOf: chunk) }
                }
                process.waitUntilExit()
                continuation.resume(returning: bytes)
            }
        }
        let timedOut = !killer.isCancelled && process.terminationReason == .uncaughtSignal
        killer.cancel()
        if timedOut {
            throw CredentialProviderError.make(.processFailed, "process", "credential_process was ended by a signal (time limit \(timeoutSeconds) s)")
        }
        return (process.terminationStatus, output)
    }
}
