#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CurlHTTP
import AWSSigV4

/// What STS's query protocol needs, shared by `AssumeRole` and `AssumeRoleWithWebIdentity`:
/// the form body, the endpoint and signing region, and reading the XML answer.
enum STSQueryProtocol {
    static let version = "2011-06-15"

    /// An `application/x-www-form-urlencoded` body of `Action`, `Version` and `parameters`.
    static func formBody(action: String, _ parameters: [(String, String)]) -> [UInt8] {
        let pairs = [("Action", action), ("Version", version)] + parameters
        return Array(pairs.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&").utf8)
    }

    /// The region STS requests are signed for: `us-east-1` for the global endpoint or when no
    /// region is known (as botocore), else the client's region.
    static func signingRegion(endpoint: AWSEndpoint, region: String?) -> String {
        if endpoint.host == "sts.amazonaws.com" { return "us-east-1" }
        return nonEmpty(region) ?? "us-east-1"
    }

    /// The credentials in a 200 answer's `<Credentials>` element, or `nil` when incomplete.
    static func credentials(from body: [UInt8]) -> ExpiringCredentials? {
        let xml = String(decoding: body, as: UTF8.self)
        guard let credentialsXML = XMLText.first("Credentials", in: xml),
              let keyId = XMLText.first("AccessKeyId", in: credentialsXML),
              let secret = XMLText.first("SecretAccessKey", in: credentialsXML),
              let sessionToken = XMLText.first("SessionToken", in: credentialsXML),
              let expirationText = XMLText.first("Expiration", in: credentialsXML),
              let expiration = parseISO8601(expirationText)
        else { return nil }
        return ExpiringCredentials(AWSCredentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: sessionToken), expiration: expiration)
    }

    /// `HTTP 403 AccessDenied: message` from an error answer, its message cut to 200 characters.
    static func failureSummary(_ response: HTTPResponse) -> String {
        let xml = String(decoding: response.body, as: UTF8.self)
        let code = XMLText.first("Code", in: xml).map { TextSanitizer.printable($0, limit: 64) } ?? ""
        let message = XMLText.first("Message", in: xml).map { ": " + TextSanitizer.printable($0, limit: 200) } ?? ""
        return "HTTP \(response.status)\(code.isEmpty ? "" : " " + code)\(message)"
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
