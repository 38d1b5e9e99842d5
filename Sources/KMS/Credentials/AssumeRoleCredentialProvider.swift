#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CurlHTTP
import AWSSigV4

/// Temporary credentials for a role, from STS `AssumeRole` signed with another source's
/// credentials: what a profile with `role_arn` and `source_profile` or `credential_source`
/// means.
///
/// The request is signed by the same code as KMS requests (`RequestSigning`) and sent through the same `HTTPTransport` as
/// KMS requests (query protocol, `POST /` with a form body), and retried in
/// the standard retry mode as KMS calls are (throttling, 5xx, connection failures with backoff; one
/// immediate retry with the server's clock after a clock-skew error). Each call assumes the role anew;
/// wrap it in ``CachingCredentialProvider`` (the default chain does) to reuse the credentials
/// until shortly before they expire, with one refresh in flight.
public struct AssumeRoleCredentialProvider: ExpiringCredentialProvider {
    /// Answers an MFA challenge: given the device's serial number (`mfa_serial`), returns the
    /// current code. Called on every assume, so it must be able to ask again.
    public typealias MFATokenCode = @Sendable (_ serialNumber: String) async throws -> String

    /// The role to assume.
    public let roleArn: String
    /// The session name STS records (`role_session_name`).
    public let sessionName: String
    /// The external id the role's trust policy asks for (`external_id`).
    public let externalId: String?
    /// Lifetime asked for, sent in whole seconds (`duration_seconds`); STS's default (1 hour)
    /// when nil.
    public let duration: Duration?
    /// The MFA device (`mfa_serial`); needs ``mfaTokenCode``.
    public let mfaSerial: String?
    /// Supplies the MFA code when ``mfaSerial`` is set.
    public let mfaTokenCode: MFATokenCode?
    /// Where the credentials that sign the `AssumeRole` call come from.
    public let source: any AWSCredentialProvider
    /// STS's base URL (`https://sts.REGION.amazonaws.com`, or an override).
    public let stsEndpoint: String
    /// The region the request is signed for; `nil` means `us-east-1`.
    public let region: String?
    /// What carries the request; pass the client's own.
    public let transport: any HTTPTransport
    /// Longest wait for each attempt.
    public let timeout: Duration
    /// How failed attempts are retried: the SDKs' standard mode unless given.
    package let retry: RetryStrategy

    /// Creates a provider from explicit settings; failed STS calls are retried the SDKs'
    /// standard way.
    public init(
        roleArn: String, sessionName: String? = nil, externalId: String? = nil, duration: Duration? = nil,
        mfaSerial: String? = nil, mfaTokenCode: MFATokenCode? = nil,
        source: any AWSCredentialProvider, stsEndpoint: String, region: String?,
        transport: any HTTPTransport, timeout: Duration = .seconds(10)
    ) {
        self.init(
            roleArn: roleArn, sessionName: sessionName, externalId: externalId, duration: duration,
            mfaSerial: mfaSerial, mfaTokenCode: mfaTokenCode, source: source, stsEndpoint: stsEndpoint, region: region,
            transport: transport, timeout: timeout, retry: RetryStrategy())
    }

    /// Creates a provider with its own retry strategy (tests inject instant sleeps).
    package init(
        roleArn: String, sessionName: String? = nil, externalId: String? = nil, duration: Duration? = nil,
        mfaSerial: String? = nil, mfaTokenCode: MFATokenCode? = nil,
        source: any AWSCredentialProvider, stsEndpoint: String, region: String?,
        transport: any HTTPTransport, timeout: Duration = .seconds(10), retry: RetryStrategy
    ) {
        self.roleArn = roleArn
        self.sessionName = sessionName ?? "swift-kms-session-\(Int(Date().timeIntervalSince1970))"
        self.externalId = externalId
        self.duration = duration
        self.mfaSerial = mfaSerial
        self.mfaTokenCode = mfaTokenCode
        self.source = source
        self.stsEndpoint = stsEndpoint
        self.region = region
        self.transport = transport
        self.timeout = timeout
        self.retry = retry
    }

    /// Gets the source's credentials, then assumes the role with them.
    public func expiringCredentials() async throws -> ExpiringCredentials {
        let sourceName = "assume role"
        let endpoint: AWSEndpoint
        do {
            endpoint = try AWSEndpoint(parsing: stsEndpoint)
        } catch {
            // "the STS endpoint port must be 1...65535", …: the one URL parser's reason.
            throw CredentialProviderError.make(.invalidConfiguration, sourceName, "the STS \(error.message)")
        }
        var parameters = [("RoleArn", roleArn), ("RoleSessionName", sessionName)]
        if let externalId { parameters.append(("ExternalId", externalId)) }
        if let duration { parameters.append(("DurationSeconds", String(duration.components.seconds))) }
        if let mfaSerial {
            guard let mfaTokenCode else {
                throw CredentialProviderError.make(.mfaRequired, sourceName, "mfa_serial is set: MFA needs an interactive token provider; pass mfaTokenCode: (a closure returning the current code) to AWSConfig.load, DefaultCredentialChain or ProfileCredentialProvider")
            }
            let code = try await mfaTokenCode(mfaSerial)
            parameters.append(("SerialNumber", mfaSerial))
            parameters.append(("TokenCode", code))
        }
        let credentials = try await source.credentials()
        let unsigned = HTTPRequest(
            method: "POST", url: endpoint.url,
            headers: HTTPHeaders([
                (name: "Host", value: endpoint.hostHeader),
                (name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8"),
            ]),
            body: STSQueryProtocol.formBody(action: "AssumeRole", parameters))
        let signer = SigV4Signer(region: STSQueryProtocol.signingRegion(endpoint: endpoint, region: region), service: "sts")
        let response: HTTPResponse
        do {
            response = try await retry.run({ attempt in
                var request = unsigned
                let now = Date()
                let authorization = RequestSigning.sign(&request, path: "/", signer: signer, credentials: credentials, date: now.addingTimeInterval(attempt.clockOffset.seconds))
                let signed = request
                let response = try await CredentialHTTP.withTimeout(timeout) { [transport] in try await transport.execute(signed) }
                guard response.status == 200 else { throw Refusal(response: response, authorization: authorization, now: now) }
                return response
            }, classify: { error in (error as? Refusal)?.decision ?? RetryClassifier.classify(error) })
        } catch var refusal as Refusal {
            // A hostile or broken server may echo what it was sent: keep it out of the error.
            AWSJSONClient.mask(AWSJSONClient.echoableSecrets(of: refusal.authorization, credentials: credentials), in: &refusal.response.body)
            throw CredentialProviderError.make(.requestFailed, sourceName, "STS AssumeRole for \(roleArn) failed with \(STSQueryProtocol.failureSummary(refusal.response))")
        } catch let error as HTTPClientError {
            if error.code == .cancelled { throw CancellationError() }
            throw CredentialProviderError.make(.unreachable, sourceName, "POST \(endpoint.url) failed: \(error.code)")
        }
        guard let assumed = STSQueryProtocol.credentials(from: response.body) else {
            throw CredentialProviderError.make(.invalidResponse, sourceName, "STS answered without complete credentials")
        }
        return assumed
    }

    /// A non-200 answer on its way through the retry loop, with the decision its code, status
    /// and headers call for.
    struct Refusal: Error {
        var response: HTTPResponse
        var authorization: String
        var decision: RetryDecision

        init(response: HTTPResponse, authorization: String, now: Date) {
            self.response = response
            self.authorization = authorization
            let xml = String(decoding: response.body, as: UTF8.self)
            decision = RetryClassifier.classify(
                errorCode: XMLText.first("Code", in: xml), status: response.status,
                message: XMLText.first("Message", in: xml), headers: response.headers, now: now)
        }
    }
}
