import Foundation
import KMS
import KMSTestSupport
import Testing
import AWSSigV4

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
        let run = try await ChildProcess(executable: path, arguments: arguments, environment: environment, timeout: timeout).run()
        return Result(
            status: run.status,
            stdout: String(decoding: run.stdout, as: UTF8.self),
            stderr: String(decoding: run.stderr, as: UTF8.self)
        )
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
