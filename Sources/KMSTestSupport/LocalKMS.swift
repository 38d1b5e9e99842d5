import Foundation
import KMS
import AWSSigV4

/// A local KMS for tests: moto's server on 127.0.0.1 with signature verification on, started
/// and stopped through `scripts/local_kms.py`.
///
/// The script creates an IAM user with a `kms:*` policy, one KMS key, and temporary
/// credentials from `AssumeRole` on a role with `kms:*`, so tests can call KMS signed as a
/// real identity, with or without a session token. Every credential here is moto's: fake and
/// throwaway. A watchdog started by the script stops the server when the process that started
/// it exits, so a crashed test run leaves no server behind.
package struct LocalKMS: Sendable, CustomStringConvertible {
    /// Why a local KMS could not be started or stopped.
    package struct LaunchError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What went wrong, for comparison with the static members.
        package struct Kind: Sendable, Hashable, CustomStringConvertible {
            let name: String
            package var description: String { name }

            /// moto's server (`moto_server`, pip package `moto[server]`) is not installed.
            package static let motoMissing = Kind(name: "motoMissing")
            /// The script failed or printed something that is not its JSON description.
            package static let startFailed = Kind(name: "startFailed")
            /// The server did not stop.
            package static let stopFailed = Kind(name: "stopFailed")
        }

        /// What went wrong.
        package var kind: Kind
        /// The script's own words (its stderr), which never hold a secret.
        package var message: String

        /// Creates an error of a kind with a message.
        package init(kind: Kind, message: String) {
            self.kind = kind
            self.message = message
        }

        package static func == (lhs: LaunchError, rhs: LaunchError) -> Bool { lhs.kind == rhs.kind }
        package func hash(into hasher: inout Hasher) { hasher.combine(kind) }

        package var description: String { "LocalKMS.LaunchError.\(kind): \(message)" }
    }

    /// Whether moto's server can be started on this machine, and if not, why.
    package enum Availability: Sendable, Equatable {
        /// moto's server is installed.
        case available
        /// It is not; the associated text says why, for a skip or failure message.
        case unavailable(String)
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    package let endpoint: String
    /// The region the key was created in; KMS keys in moto live in one region.
    package let region: String
    /// The server's process id (also its process group).
    package let pid: Int32
    /// The IAM user's long-term credentials (`AKIA…`).
    package let credentials: AWSCredentials
    /// Temporary credentials (`ASIA…` with a session token) from `sts:AssumeRole` on `roleArn`.
    package let sessionCredentials: AWSCredentials
    /// The IAM user that `credentials` belong to.
    package let userArn: String
    /// The role `sessionCredentials` were issued for; it allows `kms:*` and `sts:AssumeRole`.
    package let roleArn: String
    /// A role only `roleArn`'s session named ``chainSessionName`` may assume (`kms:*`), for
    /// assume-role profile chains two deep.
    package let chainedRoleArn: String
    /// The `role_session_name` the first role's session must have to assume ``chainedRoleArn``
    /// (moto matches trust-policy principals exactly, where AWS also accepts the role's ARN).
    package let chainSessionName: String
    /// The id of the KMS key created at start.
    package let keyId: String
    /// The ARN of that key.
    package let keyArn: String
    /// moto's log file, to read when a test fails for a reason the client cannot see.
    package let logPath: String

    /// Shows where the server is and who it is for; never the secrets.
    package var description: String {
        "LocalKMS(endpoint: \(endpoint), region: \(region), pid: \(pid), keyId: \(keyId), credentials: \(credentials))"
    }

    /// `scripts/local_kms.py` in this package's checkout, found from this source file's path.
    package static let scriptPath: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // LocalKMS.swift, KMSTestSupport, Sources
        return url.appendingPathComponent("scripts/local_kms.py").path
    }()

    /// Whether moto's server is installed, checked once per process with `local_kms.py check`.
    package static let availability: Availability = {
        guard FileManager.default.fileExists(atPath: scriptPath) else {
            return .unavailable("\(scriptPath) is missing")
        }
        do {
            let result = try ScriptRun(arguments: ["check"], timeout: 30).wait()
            if result.status == 0 { return .available }
            let reason = result.errorText.isEmpty ? "local_kms.py check exited \(result.status)" : result.errorText
            return .unavailable(reason)
        } catch {
            return .unavailable("could not run python3: \(error)")
        }
    }()

    /// Starts a server and sets it up; returns once it answers signed requests.
    ///
    /// - Parameter region: where the key is created and requests must be signed for.
    /// - Throws: `LaunchError` (`.motoMissing` when moto is not installed).
    package static func start(region: String = "us-east-1") async throws -> LocalKMS {
        let arguments = ["start", "--region", region, "--owner-pid", String(getpid()), "--ttl", "3600"]
        let result = try await ScriptRun(arguments: arguments, timeout: 90).value()
        switch result.status {
        case 0:
            break
        case 3:
            throw LaunchError(kind: .motoMissing, message: result.errorText)
        default:
            throw LaunchError(kind: .startFailed, message: "local_kms.py start exited \(result.status): \(result.errorText)")
        }
        do {
            let started = try JSONDecoder().decode(Started.self, from: result.output)
            return LocalKMS(started)
        } catch {
            throw LaunchError(kind: .startFailed, message: "local_kms.py start printed no valid description: \(error)")
        }
    }

    /// Stops the server (SIGTERM to its process group, SIGKILL if it lingers).
    package func stop() async throws {
        let result = try await ScriptRun(arguments: ["stop", String(pid)], timeout: 30).value()
        guard result.status == 0 else {
            throw LaunchError(kind: .stopFailed, message: result.errorText)
        }
    }

    private init(_ started: Started) {
        endpoint = started.endpoint
        region = started.region
        pid = started.pid
        credentials = AWSCredentials(accessKeyId: started.accessKeyId, secretAccessKey: started.secretAccessKey)
        sessionCredentials = AWSCredentials(
            accessKeyId: started.session.accessKeyId,
            secretAccessKey: started.session.secretAccessKey,
            sessionToken: started.session.sessionToken
        )
        userArn = started.userArn
        roleArn = started.roleArn
        chainedRoleArn = started.chainedRoleArn
        chainSessionName = started.chainSessionName
        keyId = started.keyId
        keyArn = started.keyArn
        logPath = started.log
    }

    /// The JSON object `local_kms.py start` prints.
    private struct Started: Decodable {
        struct Session: Decodable {
            var accessKeyId: String
            var secretAccessKey: String
            var sessionToken: String
        }

        var endpoint: String
        var region: String
        var pid: Int32
        var accessKeyId: String
        var secretAccessKey: String
        var userArn: String
        var roleArn: String
        var chainedRoleArn: String
        var chainSessionName: String
        var keyId: String
        var keyArn: String
        var session: Session
        var log: String
    }
}

/// One run of `python3 scripts/local_kms.py …`.
private struct ScriptRun: Sendable {
    struct Result: Sendable {
        var status: Int32
        var output: Data
        var errorText: String
    }

    let arguments: [String]
    let timeout: Double

    private var child: ChildProcess {
        ChildProcess(executable: "/usr/bin/env", arguments: ["python3", LocalKMS.scriptPath] + arguments, timeout: timeout)
    }

    func value() async throws -> Result { Self.result(try await child.run()) }

    func wait() throws -> Result { Self.result(try child.runBlocking()) }

    private static func result(_ run: ChildProcess.Result) -> Result {
        let errorText = String(decoding: run.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Result(status: run.status, output: run.stdout, errorText: errorText)
    }
}
