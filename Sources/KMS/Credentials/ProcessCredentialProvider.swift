#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import AWSSigV4

/// Credentials printed by an external command (`credential_process` in a profile).
///
/// The command runs through `/bin/sh -c` with the given environment and must print JSON:
/// `{"Version": 1, "AccessKeyId": …, "SecretAccessKey": …, "SessionToken": …, "Expiration": …}`
/// (the last two optional). It runs in a process group of its own, so at the time limit the
/// whole group is killed, grandchildren included. Neither the command's output nor its error
/// stream ever goes into an error message: they may hold secrets.
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

    /// Runs the command and returns the credentials it printed.
    public func expiringCredentials() async throws -> ExpiringCredentials {
        let source = "process"
        let result = await ChildProcess.run(command: command, environment: environment, timeout: timeout, limit: maximumOutputSize)
        switch result {
        case .failedToStart:
            throw CredentialProviderError.make(.processFailed, source, "credential_process could not be started")
        case .timedOut:
            throw CredentialProviderError.make(.processFailed, source, "credential_process did not finish within \(timeout)")
        case .tooMuchOutput:
            throw CredentialProviderError.make(.processFailed, source, "credential_process printed more than \(maximumOutputSize) bytes")
        case .exited(let status, _) where status != 0:
            throw CredentialProviderError.make(.processFailed, source, "credential_process exited with status \(status)")
        case .exited(_, let output):
            return try Self.decode(output)
        }
    }

    static func decode(_ bytes: [UInt8]) throws -> ExpiringCredentials {
        let source = "process"
        guard let output = try? JSONDecoder().decode(Output.self, from: Data(bytes)) else {
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
}

/// Runs `/bin/sh -c COMMAND` with `posix_spawn` in its own process group, collecting stdout
/// on a GCD thread (never a Swift concurrency thread) with `poll` and a deadline.
enum ChildProcess {
    enum Result: Sendable {
        case failedToStart
        case timedOut
        case tooMuchOutput
        case exited(status: Int32, output: [UInt8])
    }

    static func run(command: String, environment: [String: String], timeout: Duration, limit: Int) async -> Result {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: runBlocking(command: command, environment: environment, timeout: timeout, limit: limit))
            }
        }
    }

    private static func runBlocking(command: String, environment: [String: String], timeout: Duration, limit: Int) -> Result {
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else { return .failedToStart }
        let readEnd = pipeEnds[0], writeEnd = pipeEnds[1]
        defer { close(readEnd) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        posix_spawn_file_actions_addclose(&actions, writeEnd)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let arguments: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
        let variables: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            arguments.forEach { free($0) }
            variables.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, arguments, variables)
        close(writeEnd)
        guard spawned == 0 else { return .failedToStart }

        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, timeout.seconds) * 1e9)
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var outcome: Result?
        while outcome == nil {
            let now = DispatchTime.now().uptimeNanoseconds
            if now >= deadline { outcome = .timedOut; break }
            var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let waitMilliseconds = Int32(min((deadline - now) / 1_000_000 + 1, 1000))
            let ready = poll(&descriptor, 1, waitMilliseconds)
            if ready < 0 && errno != EINTR { break }
            if ready <= 0 { continue }
            let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                break
            }
            if count == 0 { break } // every writer closed: done
            output.append(contentsOf: buffer[0..<count])
            if output.count > limit { outcome = .tooMuchOutput }
        }
        if outcome != nil {
            kill(-pid, SIGKILL)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if let outcome { return outcome }
        // WIFEXITED / WEXITSTATUS by hand: the macros are not imported.
        let exited = (status & 0x7F) == 0
        return .exited(status: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F), output: output)
    }
}
