import KMS
import KMSTestSupport
import Testing

import Foundation

/// `kms encryption-sdk` beside the official `aws-encryption-cli` (PyPI aws-encryption-sdk-cli,
/// pinned in scripts/peers/pins.txt), both against the local KMS: each decrypts the other's
/// files, with the same flags.
@Suite("kms encryption-sdk and aws-encryption-cli read each other's files", .kmsExecutableBuilt, .localKMSAvailable, .localKMS)
struct EncryptionCLIInteropTests {
    /// Both CLIs signed as the local KMS's user, on loopback only.
    static func environment(_ server: LocalKMS) -> [String: String] {
        var environment = CLIProcess.environment(for: server)
        environment["AWS_ENDPOINT_URL_KMS"] = server.endpoint
        environment["AWS_DEFAULT_REGION"] = server.region
        return environment
    }

    static func awsEncryptionCLI(_ arguments: [String], environment: [String: String]) async throws -> ChildProcess.Result {
        let bin = try await InteropPeer.binDirectory("esdk-cli")
        return try await ChildProcess(executable: bin + "/aws-encryption-cli", arguments: arguments, environment: environment, timeout: 120).run()
    }

    @Test("a file we encrypt decrypts with aws-encryption-cli, and one it encrypts decrypts with ours", arguments: [4096, 0x10000 + 17])
    func bothWays(size: Int) async throws {
        let server = try LocalKMSScope.server()
        let environment = Self.environment(server)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let plaintext = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) }
        let source = directory.path + "/plain.bin"
        try Data(plaintext).write(to: URL(fileURLWithPath: source))
        let common = ["-w", "key=\(server.keyArn)", "-S"]

        let ours = try await CLIProcess.run(
            ["encryption-sdk", "-e", "-i", source, "-o", directory.path + "/ours.enc", "-c", "app=billing", "tenant=ünï"] + common,
            environment: environment)
        #expect(ours.status == 0, "stderr: \(ours.stderr)")
        let theirsRead = try await Self.awsEncryptionCLI(
            ["-d", "-i", directory.path + "/ours.enc", "-o", directory.path + "/ours.dec", "-c", "app=billing"] + common,
            environment: environment)
        #expect(theirsRead.status == 0, "aws-encryption-cli: \(String(decoding: theirsRead.stderr, as: UTF8.self))")
        #expect(FileManager.default.contents(atPath: directory.path + "/ours.dec").map(Array.init) == plaintext)

        let theirs = try await Self.awsEncryptionCLI(
            ["-e", "-i", source, "-o", directory.path + "/theirs.enc", "-c", "app=billing", "tenant=ünï"] + common,
            environment: environment)
        #expect(theirs.status == 0, "aws-encryption-cli: \(String(decoding: theirs.stderr, as: UTF8.self))")
        let oursRead = try await CLIProcess.run(
            ["encryption-sdk", "-d", "-i", directory.path + "/theirs.enc", "-o", directory.path + "/theirs.dec", "-c", "app=billing"] + common,
            environment: environment)
        #expect(oursRead.status == 0, "stderr: \(oursRead.stderr)")
        #expect(FileManager.default.contents(atPath: directory.path + "/theirs.dec").map(Array.init) == plaintext)
    }

    @Test("decrypting with a context pair the message does not carry writes nothing and fails")
    func wrongContextRefused() async throws {
        let server = try LocalKMSScope.server()
        let environment = Self.environment(server)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let source = try directory.write("plain.txt", "attack at dawn")
        let common = ["-w", "key=\(server.keyArn)", "-S"]
        let encrypted = try await CLIProcess.run(
            ["encryption-sdk", "-e", "-i", source, "-o", directory.path + "/m.enc", "-c", "app=billing"] + common, environment: environment)
        #expect(encrypted.status == 0, "stderr: \(encrypted.stderr)")
        let refused = try await CLIProcess.run(
            ["encryption-sdk", "-d", "-i", directory.path + "/m.enc", "-o", directory.path + "/m.dec", "-c", "app=payroll"] + common,
            environment: environment)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("app=payroll"), "stderr: \(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/m.dec"))
    }
}
