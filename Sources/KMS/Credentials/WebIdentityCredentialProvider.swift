#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
    public static func stsEndpoint(region: String?, environment: [String: String], shared: SharedConfiguration) -> String {
        if let configured = ConfiguredEndpoint.resolve(serviceId: "STS", environment: environment, shared: shared) {
            return configured.url
        }
        guard let region, AWSPartition.isValidRegionName(region) else { return "https://sts.amazonaws.com" }
        return "https://sts.\(region).\(AWSPartition.partition(for: region).dnsSuffix)"
    }

    /// Reads the token and trades it at STS for the role's credentials.
    public func expiringCredentials() async throws -> ExpiringCredentials {
        let source = "web identity"
        guard let tokenBytes = FileManager.default.contents(atPath: tokenFilePath) else {
            throw CredentialProviderError.make(.invalidConfiguration, source, "cannot read the web identity token file \(tokenFilePath)")
        }
        let token = String(decoding: tokenBytes, as: UTF8.self).trimmingWhitespace()
        guard !token.isEmpty else {
            throw CredentialProviderError.make(.invalidConfiguration, source, "the web identity token file \(tokenFilePath) is empty")
        }
        let form = [
            ("Action", "AssumeRoleWithWebIdentity"),
            ("Version", "2011-06-15"),
            ("RoleArn", roleArn),
            ("RoleSessionName", sessionName),
            ("WebIdentityToken", token),
        ].map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        var base = stsEndpoint
        while base.hasSuffix("/") { base.removeLast() }
        let request = HTTPRequest(
            method: "POST",
            url: base + "/",
            headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": "application/xml"],
            body: Array(form.utf8)
        )
        let response = try await CredentialHTTP.send(request, over: transport, timeout: timeout, source: source)
        let xml = String(decoding: response.body, as: UTF8.self)
        guard response.status == 200 else {
            let code = XMLText.first("Code", in: xml) ?? "HTTP \(response.status)"
            let message = XMLText.first("Message", in: xml).map { ": " + String($0.prefix(200)) } ?? ""
            throw CredentialProviderError.make(.requestFailed, source, "STS AssumeRoleWithWebIdentity failed with HTTP \(response.status) \(code)\(message)")
        }
        guard let credentialsXML = XMLText.first("Credentials", in: xml),
              let keyId = XMLText.first("AccessKeyId", in: credentialsXML),
              let secret = XMLText.first("SecretAccessKey", in: credentialsXML),
              let sessionToken = XMLText.first("SessionToken", in: credentialsXML),
              let expirationText = XMLText.first("Expiration", in: credentialsXML),
              let expiration = parseISO8601(expirationText)
        else {
            throw CredentialProviderError.make(.invalidResponse, source, "STS answered without complete credentials")
        }
        return ExpiringCredentials(AWSCredentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: sessionToken), expiration: expiration)
    }

    /// `application/x-www-form-urlencoded` with RFC 3986 unreserved characters kept.
    static func formEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return out
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
