#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CurlHTTP

/// Temporary credentials for a role, obtained by trading an OIDC token (from a file, as on
/// EKS) through STS `AssumeRoleWithWebIdentity`.
///
/// The call is unsigned (the token is the proof), so no credentials are needed to make it.
/// The token file is re-read on every refresh, because the platform rotates it.
public struct WebIdentityCredentialProvider: ExpiringCredentialProvider {
    /// The role to assume (`AWS_ROLE_ARN` / profile `role_arn`).
    public let roleArn: String
    /// The file holding the token (`AWS_WEB_IDENTITY_TOKEN_FILE` / `web_identity_token_file`).
    public let tokenFilePath: String
    /// The session name recorded by STS (`AWS_ROLE_SESSION_NAME` / `role_session_name`).
    public let sessionName: String
    /// Base URL of STS (`https://sts.REGION.amazonaws.com`, or an override).
    public let stsEndpoint: String
    /// What carries the request.
    public let transport: any HTTPTransport
    /// Longest wait for STS.
    public let timeout: Duration

    /// Creates a provider from explicit settings.
    public init(roleArn: String, tokenFilePath: String, sessionName: String? = nil, stsEndpoint: String, transport: any HTTPTransport, timeout: Duration = .seconds(5)) {
        self.roleArn = roleArn
        self.tokenFilePath = tokenFilePath
        self.sessionName = sessionName ?? "swift-kms-\(Int(Date().timeIntervalSince1970))"
        self.stsEndpoint = stsEndpoint
        self.transport = transport
        self.timeout = timeout
    }

    /// The STS base URL the SDKs would use: `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, the
    /// profile's, else the regional endpoint of the region's partition (global without region).
    package static func stsEndpoint(region: String?, environment: [String: String], shared: SharedConfiguration) -> String {
        if let configured = ConfiguredEndpoint.resolve(serviceId: "STS", environment: environment, shared: shared) {
            return configured.url
        }
        guard let region, AWSPartition.isValidRegionName(region) else { return "https://sts.amazonaws.com" }
        return "https://sts.\(region).\(AWSPartition.partition(for: region).dnsSuffix)"
    }

    /// Reads the token and trades it at STS for the role's credentials.
    public func expiringCredentials() async throws -> ExpiringCredentials {
        let source = "web identity"
        let base: String
        do {
            base = try ServiceURL(parsingBase: stsEndpoint).base
        } catch {
            throw CredentialProviderError.make(.invalidConfiguration, source, "the STS endpoint \(error.reason)")
        }
        guard let tokenBytes = FileManager.default.contents(atPath: tokenFilePath) else {
            throw CredentialProviderError.make(.invalidConfiguration, source, "cannot read the web identity token file \(tokenFilePath)")
        }
        let token = String(decoding: tokenBytes, as: UTF8.self).trimmingWhitespace()
        guard !token.isEmpty else {
            throw CredentialProviderError.make(.invalidConfiguration, source, "the web identity token file \(tokenFilePath) is empty")
        }
        let body = STSQueryProtocol.formBody(action: "AssumeRoleWithWebIdentity", [
            ("RoleArn", roleArn),
            ("RoleSessionName", sessionName),
            ("WebIdentityToken", token),
        ])
        let request = HTTPRequest(
            method: "POST",
            url: base + "/",
            headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": "application/xml"],
            body: body
        )
        let response = try await CredentialHTTP.send(request, over: transport, timeout: timeout, source: source)
        guard response.status == 200 else {
            throw CredentialProviderError.make(.requestFailed, source, "STS AssumeRoleWithWebIdentity failed with \(STSQueryProtocol.failureSummary(response))")
        }
        guard let credentials = STSQueryProtocol.credentials(from: response.body) else {
            throw CredentialProviderError.make(.invalidResponse, source, "STS answered without complete credentials")
        }
        return credentials
    }
}

/// Just enough XML reading for STS answers: the text of the first element of a name, with
/// the five predefined entities and numeric references decoded.
enum XMLText {
    static func first(_ name: String, in xml: String) -> String? {
        guard let open = xml.firstRange(of: "<\(name)>"),
              let close = xml[open.upperBound...].firstRange(of: "</\(name)>")
        else { return nil }
        return decodeEntities(String(xml[open.upperBound..<close.lowerBound]))
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[amp...]
            guard let semi = after.firstIndex(of: ";"), after.distance(from: amp, to: semi) <= 10 else {
                out += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = after[after.index(after: amp)..<semi]
            var replacement: String?
            switch entity {
            case "amp": replacement = "&"
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let v = UInt32(entity.dropFirst(2), radix: 16), let s = Unicode.Scalar(v) {
                    replacement = String(s)
                } else if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()), let s = Unicode.Scalar(v) {
                    replacement = String(s)
                }
            }
            if let replacement {
                out += replacement
                rest = rest[rest.index(after: semi)...]
            } else {
                out += "&"
                rest = rest[rest.index(after: amp)...]
            }
        }
        out += rest
        return out
    }
}
