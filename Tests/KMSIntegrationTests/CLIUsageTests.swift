import KMS
import Testing

/// The `kms` executable's command line: what it refuses with exit status 252 before sending
/// anything. No server is needed; the endpoint points at a closed loopback port, so a request
/// sent by mistake would fail with 255, not 252.
@Suite("kms command line usage", .kmsExecutableBuilt)
struct CLIUsageTests {
    static let environment = CLIProcess.environment([
        "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
    ])

    @Test(
        "malformed command lines exit 252 with a message on stderr and nothing on stdout",
        arguments: [
            ["generate-data-key", "--key-id", "k", "--number-of-bytes", "32", "--key-spec", "AES_256"],
            ["generate-data-key", "--key-id", "k", "--number-of-bytes", "0"],
            ["generate-data-key", "--key-id", "k", "--number-of-bytes", "1025"],
            ["generate-data-key", "--key-id", "k", "--key-spec", "AES_512"],
            ["generate-data-key", "--key-id", "k", "--encryption-context", "novalue"],
            ["generate-data-key", "--key-id", "k", "--encryption-context", "=v"],
            ["generate-data-key", "--key-id", "k", "--encryption-context", "a=1", "a=2"],
            ["generate-data-key"],
            ["decrypt"],
            ["decrypt", "--ciphertext-blob", "AAAA", "--encryption-context", "x"],
            ["encrypt", "--key-id", "k"],
            ["describe-key"],
            ["list-keys", "--limit", "0"],
            ["list-keys", "--endpoint-url", "ftp://127.0.0.1"],
            ["list-keys", "--endpoint-url", "http://"],
            ["generate-data-key", "--key-id", String(repeating: "k", count: 2049)],
            ["encrypt", "--key-id", "k", "--plaintext", "***"],
            ["decrypt", "--ciphertext-blob", "not base64!"],
            ["list-keys", "--bogus"],
            ["no-such-command"],
            ["generate-data-key", "--key-id", "k", "--encryption-context", "app=a,t=b,c"],
            ["generate-data-key", "--key-id", "k", "--encryption-context", "{\"a\": 1}"],
            ["generate-data-key", "--key-id", "k", "--encryption-context", "file:///nonexistent/context.json"],
            ["encrypt", "--key-id", "k", "--plaintext", "fileb:///nonexistent/plaintext"],
            ["decrypt", "--ciphertext-blob", "fileb:///dev/zero"],
            ["generate-data-key", "--key-id", "k", "--grant-tokens", "[1]"],
            ["list-keys", "--query", "sort_by(Keys, &KeyId)"],
            ["list-keys", "--query", "Keys[?KeyId=="],
            ["--output", "yaml", "list-keys"],
            ["list-keys", "--max-items", "0"],
            ["list-keys", "--starting-token", "not a token"],
            ["list-aliases", "--page-size", "101"],
            ["generate-random", "--number-of-bytes", "0"],
            ["generate-data-key-pair", "--key-id", "k", "--key-pair-spec", "RSA_1024"],
            ["re-encrypt", "--ciphertext-blob", "AAAA"],
            ["list-keys", "--cli-read-timeout", "-1"],
            ["--no-verify-ssl", "list-keys"],
            ["list-keys", "--ca-bundle", "/nonexistent/ca.pem"],
        ]
    )
    func usageErrors(arguments: [String]) async throws {
        let result = try await CLIProcess.run(arguments, environment: Self.environment)
        #expect(result.status == 252, "stderr: \(result.stderr)")
        #expect(!result.stderr.isEmpty)
        #expect(result.stdout.isEmpty)
    }

    @Test("--help exits 0 and lists every command")
    func help() async throws {
        let result = try await CLIProcess.run(["--help"], environment: Self.environment)
        #expect(result.status == 0)
        for command in [
            "list-keys", "list-aliases", "generate-data-key", "generate-data-key-without-plaintext", "generate-data-key-pair",
            "generate-data-key-pair-without-plaintext", "decrypt", "encrypt", "re-encrypt", "generate-random", "create-key", "describe-key",
        ] {
            #expect(result.stdout.contains(command), "help mentions \(command)")
        }
        // The help tells the truth about credentials: the whole chain, not only variables.
        let words = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for source in ["credential_process", "AWS_WEB_IDENTITY_TOKEN_FILE", "instance metadata", "252", "253", "254", "255", "130"] {
            #expect(words.contains(source), "help mentions \(source)")
        }
    }

    @Test("--no-verify-ssl is refused saying why; an unreadable AWS_CA_BUNDLE is a configuration error (253)")
    func tlsOptions() async throws {
        let refused = try await CLIProcess.run(["list-keys", "--no-verify-ssl"], environment: Self.environment)
        #expect(refused.status == 252)
        #expect(refused.stderr.contains("always verifies TLS certificates"))
        var environment = Self.environment
        environment["AWS_CA_BUNDLE"] = "/nonexistent/ca.pem"
        let badBundle = try await CLIProcess.run(["list-keys"], environment: environment)
        #expect(badBundle.status == 253, "stderr: \(badBundle.stderr)")
        #expect(badBundle.stderr.contains("AWS_CA_BUNDLE"))
    }

    @Test("--version prints the version on stdout and exits 0, before or without a command")
    func version() async throws {
        let result = try await CLIProcess.run(["--version"], environment: Self.environment)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("kms/\(KMSClient.libraryVersion) "), "the library's release: \(result.stdout)")
        #expect(result.stderr.isEmpty)
    }

    @Test("a missing region or missing credentials exit 253 and name what is missing, without any secret")
    func missingConfiguration() async throws {
        let noRegion = try await CLIProcess.run(
            ["list-keys"],
            environment: CLIProcess.environment(["AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"])
        )
        #expect(noRegion.status == 253)
        #expect(noRegion.stderr.contains("AWS_REGION"))
        #expect(!noRegion.stderr.contains("wJalrXUtnFEMI"))

        let noCredentials = try await CLIProcess.run(
            ["list-keys", "--region", "us-east-1"], environment: CLIProcess.environment(["AWS_ENDPOINT_URL": "http://127.0.0.1:9"]))
        #expect(noCredentials.status == 253)
        #expect(noCredentials.stderr.contains("AWS_ACCESS_KEY_ID"))
    }

    @Test("no server listening exits 255 with a connection error, not a usage error")
    func unreachableEndpoint() async throws {
        let result = try await CLIProcess.run(["list-keys"], environment: Self.environment)
        #expect(result.status == 255, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("Could not reach KMS"))
        #expect(!result.stderr.contains("wJalrXUtnFEMI"))
    }
}
