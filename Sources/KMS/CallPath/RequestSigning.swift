#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CurlHTTP
import AWSSigV4

/// The one place a request to an AWS service gets its SigV4 headers, whatever the protocol:
/// KMS (JSON 1.1, through ``AWSJSONClient``) and STS (query protocol, through
/// ``AssumeRoleCredentialProvider``) both sign here, so a fix to what is signed or added applies
/// to every service at once.
enum RequestSigning {
    /// `swift-kms/<version>`, sent unsigned: servers that re-sign with botocore reject a signed
    /// `User-Agent`.
    static let userAgent = "swift-kms/\(KMSClient.libraryVersion)"

    /// Signs `request` (its headers as they are, `Host` included) for `path` and `query` as
    /// sent, then appends the signature headers and an unsigned `User-Agent`. Those names are
    /// never among the unsigned headers, so they are appended in place without a lookup.
    /// Returns the `Authorization` value, which error paths mask should a server echo it back.
    @discardableResult
    static func sign(_ request: inout HTTPRequest, path: String, query: String = "", signer: SigV4Signer, credentials: AWSCredentials, date: Date) -> String {
        let signed = signer.signHeaders(
            SigV4Request(method: request.method, path: path, query: query, headers: request.headers.fields, payload: .bytes(request.body)),
            credentials: credentials, date: date)
        signed.forEach { name, value in
            assert(request.headers[first: name] == nil, "sign(_:) takes an unsigned request")
            request.headers.add(name: name, value: value)
        }
        request.headers.add(name: "User-Agent", value: userAgent)
        return signed.authorization
    }
}
