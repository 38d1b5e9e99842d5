import Foundation
import KMS
import KMSTestSupport
import Testing
import AWSSigV4

/// The `kms` executable against the local KMS, as a user runs it: credentials in the
/// environment, JSON on stdout, AWS CLI-style errors on stderr, exit statuses as the AWS CLI's.
@Suite("kms command line against a local KMS", .kmsExecutableBuilt, .localKMSAvailable, .localKMS)
struct CLIEndToEndTests {
    @Test("list-keys prints Keys with KeyId and KeyArn, the server's key among them")
    func listKeys() async throws {
        let server = try LocalKMSScope.server()
        let result = try await CLIProcess.run(["list-keys"], environment: CLIProcess.environment(for: server))
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let keys = try #require(try result.json()["Keys"] as? [[String: String]])
        #expect(keys.contains { $0["KeyId"] == server.keyId && $0["KeyArn"] == server.keyArn })
    }

    @Test("global options work before the subcommand too, as in the AWS CLI")
    func globalOptionsFirst() async throws {
        let server = try LocalKMSScope.server()
        var environment = CLIProcess.environment(for: server)
        environment["AWS_ENDPOINT_URL"] = nil
        environment["AWS_REGION"] = nil
        let result = try await CLIProcess.run(
            ["--region", server.region, "--endpoint-url", server.endpoint, "list-keys", "--limit", "1"],
            environment: environment
        )
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try result.json()
        // One page was asked for, so the page fields are printed (moto ignores the limit).
        #expect((json["Keys"] as? [[String: String]])?.contains { $0["KeyId"] == server.keyId } == true)
        #expect(json["Truncated"] as? Bool == false)
    }

    @Test("--profile reads the region, endpoint and keys from shared files, as AWS_PROFILE does")
    func profile() async throws {
        let server = try LocalKMSScope.server()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configFile = try directory.write("config", "[profile local]\nregion = \(server.region)\nendpoint_url = \(server.endpoint)\n")
        let credentialsFile = try directory.write(
            "credentials",
            "[local]\naws_access_key_id = \(server.credentials.accessKeyId)\naws_secret_access_key = \(server.credentials.secretAccessKey)\n")
        var environment = CLIProcess.environment([:])
        environment["AWS_CONFIG_FILE"] = configFile
        environment["AWS_SHARED_CREDENTIALS_FILE"] = credentialsFile

        let viaFlag = try await CLIProcess.run(["--profile", "local", "describe-key", "--key-id", server.keyId], environment: environment)
        #expect(viaFlag.status == 0, "stderr: \(viaFlag.stderr)")
        #expect((try viaFlag.json()["KeyMetadata"] as? [String: Any])?["Arn"] as? String == server.keyArn)

        environment["AWS_PROFILE"] = "local"
        let viaVariable = try await CLIProcess.run(["describe-key", "--key-id", server.keyId], environment: environment)
        #expect(viaVariable.status == 0, "stderr: \(viaVariable.stderr)")

        let unknown = try await CLIProcess.run(["--profile", "nobody", "list-keys"], environment: environment)
        #expect(unknown.status == 253, "a profile that does not exist has no region: \(unknown.stderr)")
    }

    @Test("generate-data-key prints CiphertextBlob, Plaintext and KeyId; decrypt gives the same Plaintext back")
    func generateAndDecrypt() async throws {
        let server = try LocalKMSScope.server()
        let environment = CLIProcess.environment(for: server)
        let generated = try await CLIProcess.run(
            ["generate-data-key", "--key-id", server.keyId, "--key-spec", "AES_128", "--encryption-context", "app=cli,run=1"],
            environment: environment
        )
        #expect(generated.status == 0, "stderr: \(generated.stderr)")
        #expect(generated.stdout.hasPrefix("{\n    \"CiphertextBlob\": \""), "AWS CLI layout: wire order, four-space indent")
        let dataKey = try generated.json()
        let plaintext = try #require(dataKey["Plaintext"] as? String)
        let blob = try #require(dataKey["CiphertextBlob"] as? String)
        #expect(try bytes(plaintext).count == 16)
        #expect(dataKey["KeyId"] as? String == server.keyArn)

        let decrypted = try await CLIProcess.run(
            ["decrypt", "--ciphertext-blob", blob, "--encryption-context", "app=cli,run=1"],
            environment: environment
        )
        #expect(decrypted.status == 0, "stderr: \(decrypted.stderr)")
        #expect(try decrypted.json()["Plaintext"] as? String == plaintext)
        #expect(try decrypted.json()["KeyId"] as? String == server.keyArn)

        let wrongContext = try await CLIProcess.run(
            ["decrypt", "--ciphertext-blob", blob, "--encryption-context", "app=other"],
            environment: environment
        )
        #expect(wrongContext.status == 254, "the service's error: 254")
        #expect(wrongContext.stderr.hasPrefix("An error occurred (InvalidCiphertextException) when calling the Decrypt operation"))
        #expect(wrongContext.stdout.isEmpty)
    }

    @Test("generate-data-key --number-of-bytes gives that many bytes; without a size, 32")
    func numberOfBytes() async throws {
        let server = try LocalKMSScope.server()
        let environment = CLIProcess.environment(for: server)
        let sized = try await CLIProcess.run(["generate-data-key", "--key-id", server.keyArn, "--number-of-bytes", "48"], environment: environment)
        #expect(sized.status == 0, "stderr: \(sized.stderr)")
        #expect(try bytes(#require(sized.json()["Plaintext"] as? String)).count == 48)
        let plain = try await CLIProcess.run(["generate-data-key", "--key-id", server.keyId], environment: environment)
        #expect(try bytes(#require(plain.json()["Plaintext"] as? String)).count == 32)
    }

    @Test("encrypt prints CiphertextBlob and KeyId, and decrypt gives the plaintext back")
    func encryptDecrypt() async throws {
        let server = try LocalKMSScope.server()
        let environment = CLIProcess.environment(for: server)
        let message = Data("attack at dawn".utf8).base64EncodedString()
        let encrypted = try await CLIProcess.run(["encrypt", "--key-id", server.keyId, "--plaintext", message], environment: environment)
        #expect(encrypted.status == 0, "stderr: \(encrypted.stderr)")
        let blob = try #require(try encrypted.json()["CiphertextBlob"] as? String)
        #expect(try encrypted.json()["KeyId"] as? String == server.keyArn)
        let decrypted = try await CLIProcess.run(["decrypt", "--ciphertext-blob", blob, "--key-id", server.keyArn], environment: environment)
        #expect(decrypted.status == 0, "stderr: \(decrypted.stderr)")
        #expect(try decrypted.json()["Plaintext"] as? String == message)
    }

    @Test("create-key and describe-key print KeyMetadata with the AWS field names")
    func createAndDescribe() async throws {
        let server = try LocalKMSScope.server()
        let environment = CLIProcess.environment(for: server)
        let created = try await CLIProcess.run(["create-key", "--description", "from the CLI test"], environment: environment)
        #expect(created.status == 0, "stderr: \(created.stderr)")
        let metadata = try #require(try created.json()["KeyMetadata"] as? [String: Any])
        let keyId = try #require(metadata["KeyId"] as? String)
        #expect(metadata["Description"] as? String == "from the CLI test")
        #expect(metadata["Enabled"] as? Bool == true)
        #expect((metadata["Arn"] as? String)?.hasSuffix(":key/\(keyId)") == true)

        let described = try await CLIProcess.run(["describe-key", "--key-id", keyId], environment: environment)
        #expect(described.status == 0, "stderr: \(described.stderr)")
        let describedMetadata = try #require(try described.json()["KeyMetadata"] as? [String: Any])
        #expect(describedMetadata["KeyId"] as? String == keyId)
        #expect(describedMetadata["KeyState"] as? String == "Enabled")
        #expect(describedMetadata["CreationDate"] is String)
    }

    @Test("an unknown key exits 254 with the AWS CLI's error line for NotFoundException")
    func unknownKey() async throws {
        let server = try LocalKMSScope.server()
        let missing = "00000000-1111-2222-3333-444444444444"
        let result = try await CLIProcess.run(["generate-data-key", "--key-id", missing], environment: CLIProcess.environment(for: server))
        #expect(result.status == 254)
        #expect(result.stderr.hasPrefix("An error occurred (NotFoundException) when calling the GenerateDataKey operation: "))
        #expect(result.stderr.contains(missing))
        #expect(result.stdout.isEmpty)
    }

    @Test("a wrong secret exits 254 with SignatureDoesNotMatch, and neither secret appears on stderr")
    func wrongSecret() async throws {
        let server = try LocalKMSScope.server()
        let wrong = AWSCredentials(accessKeyId: server.credentials.accessKeyId, secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        let result = try await CLIProcess.run(["list-keys"], environment: CLIProcess.environment(for: server, credentials: wrong))
        #expect(result.status == 254)
        #expect(result.stderr.hasPrefix("An error occurred (SignatureDoesNotMatch) when calling the ListKeys operation: "))
        #expect(!result.stderr.contains(wrong.secretAccessKey))
        #expect(!result.stderr.contains(server.credentials.secretAccessKey))
    }

    @Test("temporary credentials from the environment (AWS_SESSION_TOKEN) work, and the token never shows")
    func sessionCredentials() async throws {
        let server = try LocalKMSScope.server()
        let environment = CLIProcess.environment(for: server, credentials: server.sessionCredentials)
        let result = try await CLIProcess.run(["generate-data-key", "--key-id", server.keyId], environment: environment)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let token = try #require(server.sessionCredentials.sessionToken)
        #expect(!result.stdout.contains(token) && !result.stderr.contains(token))
    }
}
