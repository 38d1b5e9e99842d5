import Foundation
import Testing

@testable import KMS
import KMSTestSupport
import AWSSigV4

@Suite("AWSConfig checks its inputs once and never prints secrets")
struct AWSConfigTests {
    @Test("static credentials and an explicit endpoint")
    func explicit() async throws {
        let config = try AWSConfig(
            region: "eu-west-1", accessKeyId: Fake.accessKeyId, secretAccessKey: Fake.secretAccessKey,
            sessionToken: Fake.sessionToken, endpoint: "http://127.0.0.1:4566")
        #expect(config.region == "eu-west-1")
        #expect(config.endpoint.url == "http://127.0.0.1:4566/")
        let credentials = try await config.credentialProvider.credentials()
        #expect(credentials == AWSCredentials(
            accessKeyId: Fake.accessKeyId, secretAccessKey: Fake.secretAccessKey, sessionToken: Fake.sessionToken))
    }

    @Test("without an endpoint, KMS's endpoint in the region's partition, over https", arguments: [
        ("ap-southeast-2", "https://kms.ap-southeast-2.amazonaws.com/"),
        ("cn-north-1", "https://kms.cn-north-1.amazonaws.com.cn/"),
        ("us-gov-west-1", "https://kms.us-gov-west-1.amazonaws.com/"),
    ])
    func defaultEndpoint(region: String, url: String) throws {
        let config = try AWSConfig(region: region, accessKeyId: Fake.accessKeyId, secretAccessKey: Fake.secretAccessKey)
        #expect(config.endpoint.url == url)
        #expect(config.endpoint.isSecure)
    }

    @Test("timeouts have defaults and can be changed")
    func timeouts() throws {
        var config = try Fake.config()
        #expect(config.connectTimeout == .seconds(10))
        #expect(config.timeout == .seconds(60))
        config.timeout = .seconds(5)
        config.connectTimeout = .seconds(1.5)
        #expect(config.httpConfiguration.timeout == .seconds(5))
        #expect(config.httpConfiguration.connectTimeout == .milliseconds(1500))
    }

    @Test("valid regions", arguments: ["us-east-1", "eu-central-2", "us-gov-west-1", "cn-north-1", "local", "a"])
    func validRegions(region: String) throws {
        #expect(try AWSConfig(region: region, accessKeyId: "AKIA", secretAccessKey: "s").region == region)
    }

    @Test("invalid regions", arguments: ["", "US-EAST-1", "us east 1", "us_east_1", "us-east-1\n", "eu-west-1/", "ümlaut", "us.east"])
    func invalidRegions(region: String) {
        #expect(throws: AWSConfigError.invalidRegion) {
            try AWSConfig(region: region, accessKeyId: "AKIA", secretAccessKey: "s")
        }
    }

    @Test("a bad endpoint fails at construction")
    func badEndpoint() {
        #expect(throws: AWSConfigError.invalidEndpoint) {
            try AWSConfig(region: "us-east-1", accessKeyId: "AKIA", secretAccessKey: "s", endpoint: "ftp://127.0.0.1")
        }
    }

    @Test(
        "credentials must be non-empty and single-line",
        arguments: [
            ("", "secret", nil), ("AKIA", "", nil), ("AKIA\r\nX: y", "secret", nil), ("AKIA", "sec\nret", nil),
            ("AKIA", "secret", "tok\0en"), ("AKIA", "secret", ""),
        ] as [(String, String, String?)])
    func badCredentials(accessKeyId: String, secret: String, token: String?) {
        #expect(throws: AWSConfigError.invalidCredentials) {
            try AWSConfig(region: "us-east-1", accessKeyId: accessKeyId, secretAccessKey: secret, sessionToken: token)
        }
    }

    @Test("long STS access key ids are accepted")
    func longAccessKeyId() throws {
        let longId = "ASIA" + String(repeating: "Z", count: 124)
        let config = try AWSConfig(region: "us-east-1", accessKeyId: longId, secretAccessKey: "s", sessionToken: "t")
        #expect(config.description.contains(longId))
    }

    @Test("a custom credential provider")
    func customProvider() async throws {
        struct Provider: AWSCredentialProvider, CustomStringConvertible {
            func credentials() async throws -> AWSCredentials { AWSCredentials(accessKeyId: "AKIAPROVIDER", secretAccessKey: "x") }
            var description: String { "Provider()" }
        }
        let config = try AWSConfig(region: "us-west-2", credentialProvider: Provider(), endpoint: "localhost:4566")
        #expect(config.endpoint.url == "https://localhost:4566/")
        #expect(try await config.credentialProvider.credentials().accessKeyId == "AKIAPROVIDER")
    }

    @Test("description shows region, endpoint and access key id, never the secret or token")
    func redaction() throws {
        let config = try Fake.config(sessionToken: Fake.sessionToken)
        for text in [config.description, config.debugDescription, String(describing: config), "\(config)"] {
            #expect(text.contains(Fake.region))
            #expect(text.contains("127.0.0.1:4566"))
            #expect(text.contains(Fake.accessKeyId))
            #expect(!text.contains(Fake.secretAccessKey))
            #expect(!text.contains(Fake.sessionToken))
        }
    }

    @Test("fromEnvironment reads the SDK variables")
    func environment() async throws {
        let config = try AWSConfig.fromEnvironment([
            "AWS_REGION": "eu-north-1",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": Fake.accessKeyId,
            "AWS_SECRET_ACCESS_KEY": Fake.secretAccessKey,
            "AWS_SESSION_TOKEN": Fake.sessionToken,
            "AWS_ENDPOINT_URL_KMS": "http://127.0.0.1:4566",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:9999",
        ])
        #expect(config.region == "eu-north-1")
        #expect(config.endpoint.url == "http://127.0.0.1:4566/")
        let credentials = try await config.credentialProvider.credentials()
        #expect(credentials.accessKeyId == Fake.accessKeyId)
        #expect(credentials.secretAccessKey == Fake.secretAccessKey)
        #expect(credentials.sessionToken == Fake.sessionToken)
    }

    @Test("fromEnvironment falls back to AWS_DEFAULT_REGION and AWS_ENDPOINT_URL, and ignores empty values")
    func environmentFallbacks() async throws {
        let config = try AWSConfig.fromEnvironment([
            "AWS_REGION": "",
            "AWS_DEFAULT_REGION": "sa-east-1",
            "AWS_ACCESS_KEY_ID": Fake.accessKeyId,
            "AWS_SECRET_ACCESS_KEY": Fake.secretAccessKey,
            "AWS_SESSION_TOKEN": "",
            "AWS_ENDPOINT_URL_KMS": "",
            "AWS_ENDPOINT_URL": "http://[::1]:4566",
        ])
        #expect(config.region == "sa-east-1")
        #expect(config.endpoint.url == "http://[::1]:4566/")
        #expect(try await config.credentialProvider.credentials().sessionToken == nil)
        let noEndpoint = try AWSConfig.fromEnvironment([
            "AWS_REGION": "sa-east-1", "AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s",
        ])
        #expect(noEndpoint.endpoint.url == "https://kms.sa-east-1.amazonaws.com/")
    }

    @Test("fromEnvironment names what is missing")
    func environmentMissing() {
        #expect(throws: AWSConfigError.missingRegion) {
            try AWSConfig.fromEnvironment(["AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s"])
        }
        #expect(throws: AWSConfigError.missingCredentials) {
            try AWSConfig.fromEnvironment(["AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIA"])
        }
        #expect(throws: AWSConfigError.missingCredentials) {
            try AWSConfig.fromEnvironment(["AWS_REGION": "us-east-1", "AWS_SECRET_ACCESS_KEY": "s"])
        }
        #expect(throws: AWSConfigError.invalidEndpoint) {
            try AWSConfig.fromEnvironment([
                "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s",
                "AWS_ENDPOINT_URL_KMS": "gopher://127.0.0.1",
            ])
        }
    }

    @Test("without keys in the environment, the SDKs' chain reads the profile: region, keys and retries")
    func environmentProfile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configFile = try directory.write("config", "[profile dev]\nregion = eu-west-3\nmax_attempts = 5\n")
        let credentialsFile = try directory.write(
            "credentials", "[dev]\naws_access_key_id = \(Fake.accessKeyId)\naws_secret_access_key = \(Fake.secretAccessKey)\n")
        let environment = [
            "AWS_CONFIG_FILE": configFile, "AWS_SHARED_CREDENTIALS_FILE": credentialsFile,
            "AWS_EC2_METADATA_DISABLED": "true",
        ]

        let viaVariable = try AWSConfig.fromEnvironment(environment.merging(["AWS_PROFILE": "dev"]) { $1 })
        #expect(viaVariable.region == "eu-west-3")
        #expect(viaVariable.endpoint.url == "https://kms.eu-west-3.amazonaws.com/")
        #expect(viaVariable.retry.maxAttempts == 5)
        #expect(try await viaVariable.credentialProvider.credentials().accessKeyId == Fake.accessKeyId)

        let viaArgument = try AWSConfig.load(profile: "dev", region: "us-east-2", environment: environment)
        #expect(viaArgument.region == "us-east-2")
        #expect(try await viaArgument.credentialProvider.credentials().secretAccessKey == Fake.secretAccessKey)
        #expect(!"\(viaArgument)".contains(Fake.secretAccessKey))
    }

    @Test("no credentials anywhere: a typed error naming the sources tried, at the first request")
    func environmentNoCredentials() async throws {
        let config = try AWSConfig.fromEnvironment([
            "AWS_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "AWS_EC2_METADATA_DISABLED": "true",
        ])
        await #expect(throws: CredentialProviderError.self) {
            _ = try await config.credentialProvider.credentials()
        }
    }

    @Test("retry settings from the environment, malformed ones refused")
    func environmentRetry() throws {
        let base = ["AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s"]
        #expect(try AWSConfig.fromEnvironment(base).retry == .standard)
        #expect(try AWSConfig.fromEnvironment(base.merging(["AWS_MAX_ATTEMPTS": "7"]) { $1 }).retry.maxAttempts == 7)
        #expect(throws: AWSConfigError.invalidSetting) {
            try AWSConfig.fromEnvironment(base.merging(["AWS_MAX_ATTEMPTS": "zero"]) { $1 })
        }
        #expect(throws: AWSConfigError.invalidEndpoint) {
            try AWSConfig.fromEnvironment(base.merging(["AWS_USE_FIPS_ENDPOINT": "maybe"]) { $1 })
        }
        let fips = try AWSConfig.fromEnvironment(base.merging(["AWS_USE_FIPS_ENDPOINT": "true"]) { $1 })
        #expect(fips.endpoint.url == "https://kms-fips.us-east-1.amazonaws.com/")
    }

    @Test("config errors never carry the secret")
    func errorsAreSecretFree() {
        do {
            _ = try AWSConfig(region: "us-east-1", accessKeyId: "AKIA", secretAccessKey: "multi\nline-secret-value")
            Issue.record("accepted a multi-line secret")
        } catch let error as AWSConfigError {
            #expect(!error.description.contains("line-secret-value"))
            #expect(error.description.contains("secret access key"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
