import Foundation
import KMS
import KMSTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The `kms` executable's output formats, pagination, new commands, `--debug`, timeouts and
/// interruption, against the local KMS (or a loopback port that never answers).
@Suite("kms output, pagination and the new commands against a local KMS", .kmsExecutableBuilt, .localKMSAvailable, .localKMS)
struct CLIOutputTests {
    static func run(_ arguments: [String], server: LocalKMS) async throws -> CLIProcess.Result {
        try await CLIProcess.run(arguments, environment: CLIProcess.environment(for: server))
    }

    @Test("--output text and table print the keys; --query picks from them")
    func formats() async throws {
        let server = try LocalKMSScope.server()
        let text = try await Self.run(["list-keys", "--output", "text"], server: server)
        #expect(text.status == 0, "stderr: \(text.stderr)")
        #expect(text.stdout.split(separator: "\n").contains("KEYS\t\(server.keyArn)\t\(server.keyId)"[...]))
        let table = try await Self.run(["--output", "table", "list-keys"], server: server)
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n")
        #expect(lines[1].contains("ListKeys") && lines.contains { $0.contains("|  \(server.keyId)") })
        #expect(Set(lines.map(\.count)).count == 1, "one width:\n\(table.stdout)")
        var environment = CLIProcess.environment(for: server)
        environment["AWS_DEFAULT_OUTPUT"] = "text"
        let fromEnvironment = try await CLIProcess.run(["list-keys"], environment: environment)
        #expect(fromEnvironment.stdout == text.stdout, "AWS_DEFAULT_OUTPUT=text is --output text")
        let flagWins = try await CLIProcess.run(["list-keys", "--output", "json"], environment: environment)
        #expect(flagWins.stdout.hasPrefix("{"))
        environment["AWS_DEFAULT_OUTPUT"] = "yaml"
        let badSetting = try await CLIProcess.run(["list-keys"], environment: environment)
        #expect(badSetting.status == 253, "a bad AWS_DEFAULT_OUTPUT is a configuration error: \(badSetting.stderr)")
        let query = try await Self.run(["describe-key", "--key-id", server.keyId, "--query", "KeyMetadata.{Arn: Arn, On: Enabled}"], server: server)
        #expect(query.stdout == "{\n    \"Arn\": \"\(server.keyArn)\",\n    \"On\": true\n}\n")
    }

    @Test("--max-items with --starting-token walks every key once; --no-paginate prints one page")
    func pagination() async throws {
        let server = try LocalKMSScope.server()
        let all = try await Self.run(["list-keys", "--query", "Keys[*].KeyId", "--output", "text"], server: server)
        var walked: [String] = []
        var token: String?
        for _ in 0..<50 {
            let result = try await Self.run(["list-keys", "--max-items", "1"] + (token.map { ["--starting-token", $0] } ?? []), server: server)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let json = try result.json()
            walked += (json["Keys"] as? [[String: String]] ?? []).compactMap { $0["KeyId"] }
            token = json["NextToken"] as? String
            if token == nil { break }
        }
        #expect(walked.joined(separator: "\t") + "\n" == all.stdout)
        let page = try await Self.run(["list-keys", "--no-paginate"], server: server)
        #expect(try page.json()["Truncated"] as? Bool == false)
    }

    @Test("re-encrypt, generate-random, list-aliases and generate-data-key-without-plaintext from the command line")
    func newCommands() async throws {
        let server = try LocalKMSScope.server()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let blob = try await Self.run(
            ["generate-data-key-without-plaintext", "--key-id", server.keyId, "--encryption-context", "a=1", "--query", "CiphertextBlob", "--output", "text"],
            server: server)
        #expect(blob.status == 0, "stderr: \(blob.stderr)")
        let blobPath = directory.path + "/blob.bin"
        try #require(Data(base64Encoded: blob.stdout.trimmingCharacters(in: .newlines))).write(to: URL(fileURLWithPath: blobPath))
        let moved = try await Self.run(
            ["re-encrypt", "--ciphertext-blob", "fileb://" + blobPath, "--destination-key-id", server.keyId,
             "--source-encryption-context", "a=1", "--destination-encryption-context", #"{"b":"2"}"#], server: server)
        #expect(moved.status == 0, "stderr: \(moved.stderr)")
        let movedBlob = try #require(try moved.json()["CiphertextBlob"] as? String)
        #expect(try moved.json()["SourceKeyId"] as? String == server.keyArn)
        let decrypted = try await Self.run(["decrypt", "--ciphertext-blob", movedBlob, "--encryption-context", "b=2", "--query", "Plaintext", "--output", "text"], server: server)
        #expect(Data(base64Encoded: decrypted.stdout.trimmingCharacters(in: .newlines))?.count == 32)

        let random = try await Self.run(["generate-random", "--number-of-bytes", "24", "--query", "Plaintext", "--output", "text"], server: server)
        #expect(Data(base64Encoded: random.stdout.trimmingCharacters(in: .newlines))?.count == 24)
        let aliases = try await Self.run(["list-aliases", "--query", "Aliases[*].AliasName", "--output", "text"], server: server)
        #expect(aliases.status == 0 && aliases.stdout.contains("alias/"))

        // moto has no GenerateDataKeyPair: its HTTP 500 is a service error, 254.
        let pair = try await Self.run(["generate-data-key-pair", "--key-id", server.keyId, "--key-pair-spec", "ECC_NIST_P256"], server: server)
        #expect(pair.status == 254, "stderr: \(pair.stderr)")
        #expect(pair.stderr.contains("GenerateDataKeyPair"))
    }

    @Test("--debug logs each request on stderr, without the secret key or the plaintext")
    func debug() async throws {
        let server = try LocalKMSScope.server()
        let result = try await Self.run(["--debug", "generate-data-key", "--key-id", server.keyId, "--encryption-context", "app=a,t=b"], server: server)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.contains(#"unpacked value of --encryption-context: {"app": "a", "t": "b"}"#))
        let plaintext = try #require(try result.json()["Plaintext"] as? String)
        #expect(result.stderr.contains("GenerateDataKey"))
        #expect(!result.stderr.contains(plaintext))
        #expect(!result.stderr.contains(server.credentials.secretAccessKey))
        #expect(!result.stderr.contains("Signature="))
    }
}

/// Timeouts and Ctrl-C against a loopback port that accepts connections and never answers.
@Suite("kms timeouts and interruption", .kmsExecutableBuilt)
struct CLIInterruptionTests {
    /// A listening loopback socket nobody reads from: connections complete, answers never come.
    final class SilentServer {
        let descriptor: Int32
        let port: Int

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard fd >= 0, bound == 0, listen(fd, 16) == 0 else {
                close(fd)
                throw CocoaError(.fileWriteUnknown)
            }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            descriptor = fd
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(descriptor) }
    }

    static func environment(_ server: SilentServer) -> [String: String] {
        CLIProcess.environment([
            "AWS_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:\(server.port)",
            "AWS_MAX_ATTEMPTS": "1",
        ])
    }

    @Test("--cli-read-timeout 1 gives up on a silent server within seconds, exit 255")
    func readTimeout() async throws {
        let server = try SilentServer()
        let started = ContinuousClock.now
        let result = try await CLIProcess.run(["list-keys", "--cli-read-timeout", "1"], environment: Self.environment(server), timeout: 30)
        #expect(result.status == 255, "stderr: \(result.stderr)")
        #expect(ContinuousClock.now - started < .seconds(15))
    }

    @Test("SIGINT while waiting exits 130, as the AWS CLI does")
    func interrupted() async throws {
        let server = try SilentServer()
        let path = try #require(CLIProcess.executablePath)
        let script = "\"$0\" list-keys --cli-read-timeout 30 & pid=$!; sleep 1; kill -INT $pid; wait $pid"
        let run = try await ChildProcess(
            executable: "/bin/bash", arguments: ["-c", script, path], environment: Self.environment(server), timeout: 30
        ).run()
        #expect(run.status == 130)
    }
}

/// The exit status for answers that are errors (254) and answers that cannot be read (255),
/// from the hardening tests' misbehaving server (`KMSHardeningTests/Servers/hostile_kms.py`).
@Suite("kms exit statuses for hostile answers", .kmsExecutableBuilt)
struct CLIHostileAnswerTests {
    /// A test server script of the package's (it prints its port, and exits when its stdin
    /// closes) on a free loopback port: `hostile_kms.py --mode mode`, or CurlHTTPTests' server.
    final class ScriptServer: @unchecked Sendable {
        let process = Process()
        let input = Pipe()
        let port: Int

        static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

        convenience init(mode: String) throws {
            try self.init(script: "KMSHardeningTests/Servers/hostile_kms.py", arguments: ["--mode", mode])
        }

        init(script: String, arguments: [String]) throws {
            let output = Pipe()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", Self.testsDirectory.appendingPathComponent(script).path] + arguments
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }

        func stop() {
            try? input.fileHandleForWriting.close()
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }

    static let credentials = [
        "AWS_REGION": "us-east-1", "AWS_MAX_ATTEMPTS": "1",
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ]

    @Test("--ca-bundle makes a private CA's https endpoint trusted; without it the certificate is refused (255)")
    func caBundle() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try ScriptServer(script: "CurlHTTPTests/Servers/test_server.py", arguments: ["--tls", directory.path])
        defer { server.stop() }
        try #require(server.port > 0, "test_server.py did not start")
        var environment = CLIProcess.environment(Self.credentials)
        environment["AWS_ENDPOINT_URL"] = "https://127.0.0.1:\(server.port)"
        let untrusted = try await CLIProcess.run(["list-keys"], environment: environment)
        #expect(untrusted.status == 255, "stderr: \(untrusted.stderr)")
        #expect(untrusted.stderr.contains("Could not reach KMS"))
        // Trusted, the TLS handshake succeeds and the (non-KMS) server's HTTP error comes back.
        let trusted = try await CLIProcess.run(["list-keys", "--ca-bundle", directory.path + "/cert.pem"], environment: environment)
        #expect(trusted.status == 254, "stderr: \(trusted.stderr)")
        environment["AWS_CA_BUNDLE"] = directory.path + "/cert.pem"
        let fromEnvironment = try await CLIProcess.run(["list-keys"], environment: environment)
        #expect(fromEnvironment.status == 254, "stderr: \(fromEnvironment.stderr)")
    }

    static func run(mode: String) async throws -> CLIProcess.Result {
        let server = try ScriptServer(mode: mode)
        defer { server.stop() }
        try #require(server.port > 0, "hostile_kms.py did not start")
        return try await CLIProcess.run(
            ["generate-data-key", "--key-id", "k"],
            environment: CLIProcess.environment([
                "AWS_REGION": "us-east-1", "AWS_MAX_ATTEMPTS": "1",
                "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
                "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "AWS_SESSION_TOKEN": "FakeSessionTokenForTheHostileTest",
                "AWS_ENDPOINT_URL": "http://127.0.0.1:\(server.port)",
            ]))
    }

    @Test("an error the service returns exits 254, and what it echoes of the request is not printed")
    func serviceError() async throws {
        let result = try await Self.run(mode: "echo-400")
        #expect(result.status == 254, "stderr: \(result.stderr)")
        #expect(result.stderr.hasPrefix("An error occurred (ValidationException) when calling the GenerateDataKey operation"))
        #expect(!result.stderr.contains("FakeSessionTokenForTheHostileTest"))
        #expect(!result.stderr.contains("Signature="))
    }

    @Test("a 200 that is not JSON exits 255: not the service's error", arguments: ["invalid-json", "echo-200"])
    func unreadable(mode: String) async throws {
        let result = try await Self.run(mode: mode)
        #expect(result.status == 255, "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.contains("FakeSessionTokenForTheHostileTest"))
    }
}
