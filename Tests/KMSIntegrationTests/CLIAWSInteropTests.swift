import Foundation
import KMS
import KMSTestSupport
import Testing

/// The AWS CLI (PyPI `awscli`, from the peers virtualenv) and `kms` side by side against the
/// same local KMS: the same commands give JSON with the same keys, blobs made by one decrypt
/// with the other, and `--query … --output text` recipes give the same text.
@Suite("kms beside the AWS CLI", .serialized, .kmsExecutableBuilt, .localKMSAvailable, .localKMS, .awsCLIAvailable)
struct CLIAWSInteropTests {
    /// Runs `aws kms arguments…` against `server`.
    static func aws(_ arguments: [String], server: LocalKMS) async throws -> CLIProcess.Result {
        let path = try #require(AWSCLIPeer.executable, "the AWS CLI peer is missing (bash scripts/peers/ensure.sh awscli)")
        var environment = CLIProcess.environment(for: server)
        environment["AWS_DEFAULT_REGION"] = server.region
        let run = try await ChildProcess(
            executable: path, arguments: ["--endpoint-url", server.endpoint, "kms"] + arguments,
            environment: environment, timeout: 120
        ).run()
        return CLIProcess.Result(
            status: run.status, stdout: String(decoding: run.stdout, as: UTF8.self), stderr: String(decoding: run.stderr, as: UTF8.self))
    }

    static func ours(_ arguments: [String], server: LocalKMS) async throws -> CLIProcess.Result {
        try await CLIProcess.run(["--endpoint-url", server.endpoint] + arguments, environment: CLIProcess.environment(for: server))
    }

    @Test("the same commands print JSON objects with the same top-level and nested keys")
    func sameKeys() async throws {
        let server = try LocalKMSScope.server()
        let message = Data("interop".utf8).base64EncodedString()
        let plaintextFile = try TemporaryDirectory()
        defer { plaintextFile.remove() }
        let plaintextPath = try plaintextFile.write("plaintext", "interop")
        let made = try await Self.ours(["encrypt", "--key-id", server.keyId, "--plaintext", message, "--query", "CiphertextBlob", "--output", "text"], server: server)
        let blobPath = plaintextFile.path + "/blob.bin"
        try #require(Data(base64Encoded: made.stdout.trimmingCharacters(in: .newlines))).write(to: URL(fileURLWithPath: blobPath))
        let commands: [(ours: [String], theirs: [String])] = [
            (["list-keys"], ["list-keys"]),
            (["list-aliases"], ["list-aliases"]),
            (["describe-key", "--key-id", server.keyId], ["describe-key", "--key-id", server.keyId]),
            (["generate-data-key", "--key-id", server.keyId, "--key-spec", "AES_256"], ["generate-data-key", "--key-id", server.keyId, "--key-spec", "AES_256"]),
            (["generate-data-key-without-plaintext", "--key-id", server.keyId, "--key-spec", "AES_256"],
             ["generate-data-key-without-plaintext", "--key-id", server.keyId, "--key-spec", "AES_256"]),
            (["encrypt", "--key-id", server.keyId, "--plaintext", message], ["encrypt", "--key-id", server.keyId, "--plaintext", "fileb://" + plaintextPath]),
            (["generate-random", "--number-of-bytes", "16"], ["generate-random", "--number-of-bytes", "16"]),
            (["decrypt", "--ciphertext-blob", "fileb://" + blobPath], ["decrypt", "--ciphertext-blob", "fileb://" + blobPath]),
            (["re-encrypt", "--ciphertext-blob", "fileb://" + blobPath, "--destination-key-id", server.keyId],
             ["re-encrypt", "--ciphertext-blob", "fileb://" + blobPath, "--destination-key-id", server.keyId]),
            (["list-keys", "--max-items", "1"], ["list-keys", "--max-items", "1"]),
            // moto ignores DryRun; both CLIs take the flag and its --no- form.
            (["generate-data-key", "--key-id", server.keyId, "--key-spec", "AES_128", "--dry-run"],
             ["generate-data-key", "--key-id", server.keyId, "--key-spec", "AES_128", "--dry-run"]),
            (["encrypt", "--key-id", server.keyId, "--plaintext", message, "--no-dry-run"],
             ["encrypt", "--key-id", server.keyId, "--plaintext", "fileb://" + plaintextPath, "--no-dry-run"]),
        ]
        for (oursArguments, theirsArguments) in commands {
            let mine = try await Self.ours(oursArguments, server: server)
            let theirs = try await Self.aws(theirsArguments, server: server)
            #expect(mine.status == 0, "kms \(oursArguments[0]): \(mine.stderr)")
            #expect(theirs.status == 0, "aws \(theirsArguments[0]): \(theirs.stderr)")
            #expect(try Self.keyPaths(mine.json()) == Self.keyPaths(theirs.json()), "keys of \(oursArguments[0])")
        }
    }

    @Test(
        "a blob made by one decrypts with the other, with shorthand, JSON and file:// contexts and fileb:// blobs",
        arguments: [
            "app=interop,tenant=42", #"{"app":"interop","tenant":"42"}"#,
            // Shorthand corners, read the same by both or the blob would not open.
            #"app="x,y",tenant=42"#, "app=a=b,tenant='q=1'", #"app=x\,y,tenant=42"#, "k.x/y:z=é,tenant=42",
        ]
    )
    func blobsBothWays(context: String) async throws {
        let server = try LocalKMSScope.server()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }

        // Ours makes a data key; the AWS CLI decrypts its blob from a file, raw bytes.
        let generated = try await Self.ours(["generate-data-key", "--key-id", server.keyId, "--encryption-context", context], server: server)
        #expect(generated.status == 0, "stderr: \(generated.stderr)")
        let dataKey = try generated.json()
        let blobPath = directory.path + "/blob.bin"
        let blobText = try #require(dataKey["CiphertextBlob"] as? String)
        try #require(Data(base64Encoded: blobText)).write(to: URL(fileURLWithPath: blobPath))
        let theirsDecrypted = try await Self.aws(["decrypt", "--ciphertext-blob", "fileb://" + blobPath, "--encryption-context", context], server: server)
        #expect(theirsDecrypted.status == 0, "stderr: \(theirsDecrypted.stderr)")
        #expect(try theirsDecrypted.json()["Plaintext"] as? String == dataKey["Plaintext"] as? String)

        // The AWS CLI encrypts; ours decrypts, the context from a file.
        let plaintextPath = try directory.write("plaintext", "made by aws")
        let encrypted = try await Self.aws(
            ["encrypt", "--key-id", server.keyId, "--plaintext", "fileb://" + plaintextPath, "--encryption-context", context,
             "--query", "CiphertextBlob", "--output", "text"], server: server)
        #expect(encrypted.status == 0, "stderr: \(encrypted.stderr)")
        let theirBlobPath = directory.path + "/their-blob.bin"
        try #require(Data(base64Encoded: encrypted.stdout.trimmingCharacters(in: .whitespacesAndNewlines))).write(to: URL(fileURLWithPath: theirBlobPath))
        let contextPath = try directory.write("context", context)
        let oursDecrypted = try await Self.ours(
            ["decrypt", "--ciphertext-blob", "fileb://" + theirBlobPath, "--encryption-context", "file://" + contextPath,
             "--query", "Plaintext", "--output", "text"], server: server)
        #expect(oursDecrypted.status == 0, "stderr: \(oursDecrypted.stderr)")
        #expect(Data(base64Encoded: oursDecrypted.stdout.trimmingCharacters(in: .newlines)) == Data("made by aws".utf8))

        // The shorthand is read the same way: a blob made with it does not open with the value
        // the old parser would have sent ({"app": "interop,tenant=42"}).
        if context == "app=interop,tenant=42" {
            let mangled = try await Self.ours(
                ["decrypt", "--ciphertext-blob", "fileb://" + blobPath, "--encryption-context", #"{"app":"interop,tenant=42"}"#], server: server)
            #expect(mangled.status == 254)
        }
    }

    @Test(
        "--query … --output text (and table) recipes print the same text",
        arguments: [
            ["list-keys", "--query", "Keys[*].KeyId", "--output", "text"],
            ["list-keys", "--output", "text"],
            ["list-keys", "--query", "Keys[?KeyId=='KEY'].KeyArn | [0]", "--output", "text"],
            ["list-keys", "--query", "length(Keys[?starts_with(KeyArn, 'arn:aws:kms:')])", "--output", "text"],
            ["describe-key", "--key-id", "KEY", "--query", "KeyMetadata.[KeyId, Enabled, KeyState]", "--output", "text"],
            ["describe-key", "--key-id", "KEY", "--query", "KeyMetadata.{Id: KeyId, Usage: KeyUsage}", "--output", "json"],
            ["list-aliases", "--query", "Aliases[?contains(AliasName, 'aws/')].AliasName", "--output", "text"],
            ["list-keys", "--max-items", "1", "--query", "NextToken", "--output", "text"],
            ["list-keys", "--max-items", "1", "--output", "text"],
            ["list-keys", "--query", "Keys[:2].KeyId", "--output", "table"],
            ["list-keys", "--output", "table"],
            ["list-keys", "--max-items", "1", "--output", "table"],
            ["list-aliases", "--output", "table"],
            ["list-keys", "--query", "Keys[*].[KeyId, KeyArn]", "--output", "table"],
            ["describe-key", "--key-id", "KEY", "--query", "KeyMetadata.{A: Arn, K: KeyId, E: EncryptionAlgorithms}", "--output", "table"],
            ["list-aliases", "--max-items", "2", "--query", "[Aliases[*].AliasName, NextToken]", "--output", "json"],
        ]
    )
    func queryRecipes(arguments: [String]) async throws {
        let server = try LocalKMSScope.server()
        let arguments = arguments.map { $0.replacingOccurrences(of: "KEY", with: server.keyId) }
        let mine = try await Self.ours(arguments, server: server)
        let theirs = try await Self.aws(arguments, server: server)
        #expect(mine.status == 0, "stderr: \(mine.stderr)")
        #expect(theirs.status == 0, "stderr: \(theirs.stderr)")
        #expect(mine.stdout == theirs.stdout)
    }

    @Test(
        "--query expressions select exactly what the AWS CLI's JMESPath selects",
        arguments: [
            "Aliases[-1].AliasName", "Aliases[1:3].AliasName", "Aliases[::-2].AliasName", "Aliases[5:1:-1].AliasName",
            "Aliases[].[AliasName, TargetKeyId]", "Aliases[?TargetKeyId].AliasName", "Aliases[?!TargetKeyId].AliasName",
            "Aliases[?TargetKeyId == null].AliasName", "Aliases[?contains(AliasName, 'aws')] | length(@)",
            "Aliases[?starts_with(AliasName, 'alias/aws/')].AliasName | [0:2]", "Aliases[0].*", "Aliases[*].*",
            "Aliases[*].{N: AliasName, T: TargetKeyId}", "{n: length(Aliases), first: Aliases[0].AliasName}",
            "Aliases[?length(AliasName) > `15`].AliasName", "Aliases[?AliasName > 'b']",
            "Aliases[?AliasName=='alias/aws/ebs' || AliasName=='alias/aws/rds'].AliasName", "Aliases[].AliasName[0]",
            "Aliases[*].AliasName[0]", "Aliases[0:2] | [0]", "!Truncated", "`[1,2,3]`[1:]", "Aliases[*].[AliasName][0]",
            "Aliases[].TargetKeyId[]", "contains(Aliases[*].AliasName, 'alias/aws/ebs')", "Aliases[10:20]",
            "Aliases[0].AliasName.foo", "Aliases.AliasName", "\"Aliases\"[0].\"AliasName\"",
        ]
    )
    func queryExpressions(expression: String) async throws {
        let server = try LocalKMSScope.server()
        let arguments = ["list-aliases", "--query", expression]
        let mine = try await Self.ours(arguments, server: server)
        let theirs = try await Self.aws(arguments, server: server)
        #expect(theirs.status == 0, "stderr: \(theirs.stderr)")
        #expect(mine.status == 0, "stderr: \(mine.stderr)")
        #expect(mine.stdout == theirs.stdout)
    }

    @Test("the AWS documentation's recipe: generate-data-key --query Plaintext --output text | base64 --decode")
    func plaintextRecipe() async throws {
        let server = try LocalKMSScope.server()
        let arguments = ["generate-data-key", "--key-id", server.keyId, "--key-spec", "AES_256", "--query", "Plaintext", "--output", "text"]
        for result in [try await Self.ours(arguments, server: server), try await Self.aws(arguments, server: server)] {
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(result.stdout.hasSuffix("\n") && !result.stdout.contains("\t"))
            #expect(Data(base64Encoded: result.stdout.trimmingCharacters(in: .newlines))?.count == 32)
        }
    }

    /// Every key path of a JSON object (`KeyMetadata.Arn`, `Keys[].KeyId`), for comparing shapes.
    /// Fields one side adds that the other does not know (moto's `CustomerMasterKeySpec`,
    /// `SigningAlgorithms`, `KeyMaterialId`) are left out.
    static func keyPaths(_ object: [String: Any], prefix: String = "") -> Set<String> {
        let ignored: Set<String> = ["CustomerMasterKeySpec", "SigningAlgorithms", "KeyMaterialId", "KeyAgreementAlgorithms", "MacAlgorithms"]
        var paths = Set<String>()
        for (key, value) in object where !ignored.contains(key) {
            let path = prefix + key
            paths.insert(path)
            if let nested = value as? [String: Any] { paths.formUnion(keyPaths(nested, prefix: path + ".")) }
            if let list = value as? [[String: Any]] {
                for element in list { paths.formUnion(keyPaths(element, prefix: path + "[].")) }
            }
        }
        return paths
    }
}

/// The AWS CLI of the peers virtualenv (`scripts/peers/ensure.sh awscli`, which creates it when
/// missing and prints its bin folder).
enum AWSCLIPeer {
    static let executable: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("scripts/peers/ensure.sh").path
        guard FileManager.default.fileExists(atPath: script),
              let result = try? ChildProcess(executable: "/bin/bash", arguments: [script, "awscli"], timeout: 900).runBlocking(),
              result.status == 0,
              let bin = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").last
        else { return nil }
        let path = String(bin) + "/aws"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()
}

extension Trait where Self == ConditionTrait {
    /// Skips, saying why, when the AWS CLI peer cannot be set up — unless `CI` is set, where the
    /// suite runs and fails instead.
    static var awsCLIAvailable: Self {
        .enabled("needs the AWS CLI peer (bash scripts/peers/ensure.sh awscli); with CI set, its absence fails instead") {
            AWSCLIPeer.executable != nil || LocalKMSScope.isCI
        }
    }
}
