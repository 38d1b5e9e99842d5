import Foundation
import Testing
@_spi(Testing) @testable import KMS
import KMSTestSupport
import AWSSigV4

/// Sources that read only the environment, files and processes: no network.
@Suite struct EnvironmentCredentialProviderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let environment: [String: String]
        let expected: AWSCredentials?
        var expectedError: CredentialProviderError? = nil
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "key pair", environment: ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret"],
             expected: AWSCredentials(accessKeyId: "AKIDENV", secretAccessKey: "env-secret")),
        Case(name: "key pair with session token", environment: ["AWS_ACCESS_KEY_ID": "ASIAENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t"],
             expected: AWSCredentials(accessKeyId: "ASIAENV", secretAccessKey: "s", sessionToken: "t")),
        Case(name: "empty token counts as none", environment: ["AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": ""],
             expected: AWSCredentials(accessKeyId: "A", secretAccessKey: "s")),
        Case(name: "nothing set", environment: ["HOME": "/nonexistent"], expected: nil, expectedError: .notConfigured),
        Case(name: "empty values are unset", environment: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""], expected: nil, expectedError: .notConfigured),
        Case(name: "id without secret", environment: ["AWS_ACCESS_KEY_ID": "A"], expected: nil, expectedError: .incompleteCredentials),
        Case(name: "secret without id", environment: ["AWS_SECRET_ACCESS_KEY": "s"], expected: nil, expectedError: .incompleteCredentials),
        Case(name: "bad expiration", environment: ["AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "s", "AWS_CREDENTIAL_EXPIRATION": "tomorrow"],
             expected: nil, expectedError: .invalidConfiguration),
    ]

    @Test(arguments: cases)
    func reads(_ testCase: Case) async {
        do {
            let result = try await EnvironmentCredentialProvider(environment: testCase.environment).expiringCredentials()
            #expect(result.credentials == testCase.expected)
            #expect(result.expiration == nil)
        } catch let error as CredentialProviderError {
            #expect(error == testCase.expectedError, "\(error)")
            #expect(error.source == "environment")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func expirationFromTheEnvironment() async throws {
        let result = try await EnvironmentCredentialProvider(environment: [
            "AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "s", "AWS_CREDENTIAL_EXPIRATION": "2030-01-02T03:04:05Z",
        ]).expiringCredentials()
        #expect(result.expiration == Date(timeIntervalSince1970: 1_893_553_445))
    }
}

@Suite struct ProfileCredentialProviderTests {
    static let config = """
    [default]
    region = eu-west-1
    [profile dev]
    aws_access_key_id = AKIDCONFIG
    aws_secret_access_key = config-secret
    [profile overridden]
    aws_access_key_id = AKIDFROMCONFIG
    aws_secret_access_key = config-secret
    [profile proc]
    credential_process = printf '{"Version": 1, "AccessKeyId": "ASIAPROC", "SecretAccessKey": "proc-secret", "SessionToken": "proc-token", "Expiration": "2030-01-02T03:04:05Z"}'
    [profile proc-v2]
    credential_process = printf '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "s"}'
    [profile proc-fails]
    credential_process = sh -c 'echo leaked-secret-on-stderr >&2; exit 3'
    [profile proc-garbage]
    credential_process = echo not-json-but-maybe-secret
    [profile proc-env]
    credential_process = sh -c 'printf "{\\"Version\\": 1, \\"AccessKeyId\\": \\"%s\\", \\"SecretAccessKey\\": \\"s\\"}" "$CHILD_MARK"'
    [profile half]
    aws_access_key_id = AKIDHALF
    [profile assume-loop]
    role_arn = arn:aws:iam::123456789012:role/r
    source_profile = assume-loop
    [profile sso]
    sso_session = corp
    [profile empty]
    region = us-east-1
    """
    static let credentials = """
    [default]
    aws_access_key_id = AKIDDEFAULT
    aws_secret_access_key = default-secret
    aws_session_token = default-token
    [overridden]
    aws_access_key_id = AKIDFROMCREDENTIALS
    """

    struct Case: Sendable, CustomTestStringConvertible {
        let profile: String?
        var environment: [String: String] = [:]
        let expectedKeyId: String?
        var expectedError: CredentialProviderError? = nil
        var testDescription: String { "\(profile ?? "nil") \(environment)" }
    }

    static let cases: [Case] = [
        Case(profile: nil, expectedKeyId: "AKIDDEFAULT"),
        Case(profile: nil, environment: ["AWS_PROFILE": "dev"], expectedKeyId: "AKIDCONFIG"),
        Case(profile: "dev", environment: ["AWS_PROFILE": "default"], expectedKeyId: "AKIDCONFIG"),
        Case(profile: "overridden", expectedKeyId: "AKIDFROMCREDENTIALS"),
        Case(profile: "proc", expectedKeyId: "ASIAPROC"),
        Case(profile: "proc-env", environment: ["CHILD_MARK": "AKIDFROMCHILDENV", "PATH": "/usr/bin:/bin"], expectedKeyId: "AKIDFROMCHILDENV"),
        Case(profile: "proc-v2", expectedKeyId: nil, expectedError: .processFailed),
        Case(profile: "proc-fails", expectedKeyId: nil, expectedError: .processFailed),
        Case(profile: "proc-garbage", expectedKeyId: nil, expectedError: .processFailed),
        Case(profile: "half", expectedKeyId: nil, expectedError: .incompleteCredentials),
        Case(profile: "assume-loop", expectedKeyId: nil, expectedError: .profileCycle),
        Case(profile: "sso", expectedKeyId: nil, expectedError: .invalidConfiguration),
        Case(profile: "empty", expectedKeyId: nil, expectedError: .notConfigured),
        Case(profile: "missing", expectedKeyId: nil, expectedError: .notConfigured),
    ]

    @Test(arguments: cases)
    func reads(_ testCase: Case) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(".aws/config", Self.config)
        try directory.write(".aws/credentials", Self.credentials)
        var environment = testCase.environment
        environment["HOME"] = directory.path
        if environment["PATH"] == nil { environment["PATH"] = "/usr/bin:/bin" }
        do {
            let result = try await ProfileCredentialProvider(profile: testCase.profile, environment: environment, transport: FakeTransport.unreachable()).expiringCredentials()
            #expect(result.credentials.accessKeyId == testCase.expectedKeyId)
        } catch let error as CredentialProviderError {
            #expect(error == testCase.expectedError, "\(error)")
            #expect(error.source.hasPrefix("profile "))
            for secret in ["config-secret", "default-secret", "default-token", "proc-secret", "leaked-secret-on-stderr", "not-json-but-maybe-secret"] {
                #expect(!"\(error)".contains(secret), "error text leaks: \(error)")
            }
        }
    }

    @Test func processCredentialsCarryTokenAndExpiration() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configPath = try directory.write("config", Self.config)
        let result = try await ProfileCredentialProvider(profile: "proc", environment: ["PATH": "/usr/bin:/bin"], configFilePath: configPath,
                                                         credentialsFilePath: directory.path + "/none").expiringCredentials()
        #expect(result.credentials == AWSCredentials(accessKeyId: "ASIAPROC", secretAccessKey: "proc-secret", sessionToken: "proc-token"))
        #expect(result.expiration == Date(timeIntervalSince1970: 1_893_553_445))
    }

    @Test func fileLocationsFromTheEnvironment() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configPath = try directory.write("elsewhere/cfg", "[profile x]\nregion = r\n")
        let credentialsPath = try directory.write("elsewhere/creds", "[x]\naws_access_key_id = AKIDMOVED\naws_secret_access_key = s\n")
        let environment = ["HOME": directory.path + "/no-home", "AWS_CONFIG_FILE": configPath, "AWS_SHARED_CREDENTIALS_FILE": credentialsPath, "AWS_PROFILE": "x"]
        let result = try await ProfileCredentialProvider(environment: environment).expiringCredentials()
        #expect(result.credentials.accessKeyId == "AKIDMOVED")
        let shared = SharedConfiguration.load(environment: environment)
        #expect(shared.profile?["region"] == "r")
        #expect(SharedConfiguration.configFilePath(environment: ["HOME": "/h"]) == "/h/.aws/config")
        #expect(SharedConfiguration.credentialsFilePath(environment: ["HOME": "/h", "AWS_SHARED_CREDENTIALS_FILE": "~/c"]) == "/h/c")
    }

    @Test func aSlowProcessIsKilledAtItsTimeLimit() async throws {
        let started = Date()
        await #expect(throws: CredentialProviderError.processFailed) {
            try await ProcessCredentialProvider(command: "sleep 20", environment: ["PATH": "/usr/bin:/bin"], timeout: .milliseconds(300)).expiringCredentials()
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }
}
