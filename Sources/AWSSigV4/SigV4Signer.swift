#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Signs requests for one region and service with AWS Signature Version 4.
///
/// One signer serves a whole client: it is immutable and `Sendable`, and keeps the signing key
/// of each (secret, day) it has seen, so that signing a request costs two SHA-256 digests and
/// one HMAC once the key is known. Any number of tasks can sign at once.
///
/// ```swift
/// let signer = SigV4Signer(region: "eu-west-1", service: "kms")
/// let signature = signer.sign(request, credentials: credentials, date: Date())
/// // add signature.headers to the request, then send it
/// ```
public final class SigV4Signer: Sendable {
    /// The region in the credential scope (`eu-west-1`).
    public let region: String
    /// The service in the credential scope (`kms`).
    public let service: String
    /// How requests are canonicalized and what is added.
    public let options: Options

    /// The signing keys derived so far, per (secret, day).
    let keyCache: SigningKeyCache
    /// `/<region>/<service>/aws4_request`, the part of the credential scope after the date.
    private let scopeSuffix: [UInt8]

    /// The algorithm name, first in the string to sign and the `Authorization` header.
    static let algorithm = "AWS4-HMAC-SHA256"

    /// The range `presign(_:credentials:date:expires:)` accepts for `expires`: one second to
    /// seven days, the longest a SigV4 presigned URL may live.
    public static let presignExpiresRange: ClosedRange<Int> = 1...604_800

    /// Creates a signer for `region` and `service`.
    public init(region: String, service: String, options: Options = Options()) {
        self.region = region
        self.service = service
        self.options = options
        self.keyCache = SigningKeyCache(region: region, service: service)
        self.scopeSuffix = Array("/\(region)/\(service)/aws4_request".utf8)
    }

    /// Signs with headers: returns the headers to add (`X-Amz-Date`, `X-Amz-Security-Token`,
    /// `x-amz-content-sha256`, `Authorization`) and the intermediate strings.
    ///
    /// The returned headers replace any of the same names the request already has (they are not
    /// signed from the request); send the request's headers without them, plus these.
    public func sign(_ request: SigV4Request, credentials: AWSCredentials, date: Date) -> SigV4HeaderSignature {
        let amzDate = AmzDate(date)
        return CryptoContextPool.withContext { context in
            sign(request, credentials: credentials, date: amzDate, context: context)
        }
    }

    /// Signs with the query string (a presigned URL): returns the full query to send.
    /// `expires` is in seconds, 1…604800.
    ///
    /// - Throws: `SigV4Error.invalidExpires` when `expires` is outside `presignExpiresRange`.
    public func presign(
        _ request: SigV4Request, credentials: AWSCredentials, date: Date, expires: Int
    ) throws -> SigV4QuerySignature {
        guard Self.presignExpiresRange.contains(expires) else {
            throw SigV4Error(
                kind: .invalidExpires,
                message: "expires must be 1...604800 seconds, got \(expires)"
            )
        }
        let amzDate = AmzDate(date)
        return CryptoContextPool.withContext { context in
            presign(request, credentials: credentials, date: amzDate, expires: expires, context: context)
        }
    }

    // MARK: - Header signing

    private func sign(
        _ request: SigV4Request, credentials: AWSCredentials, date: AmzDate, context: CryptoContext
    ) -> SigV4HeaderSignature {
        let payloadHash = Self.payloadHash(request.payload, context: context)

        var added: [(name: String, value: String)] = [("X-Amz-Date", date.timestamp)]
        var signed: [(name: String, value: String)] = [("x-amz-date", date.timestamp)]
        if let token = credentials.sessionToken {
            added.append(("X-Amz-Security-Token", token))
            if options.signSessionToken { signed.append(("x-amz-security-token", token)) }
        }
        if options.addContentSHA256Header {
            added.append(("x-amz-content-sha256", payloadHash))
            signed.append(("x-amz-content-sha256", payloadHash))
        }
        // A token sent but not signed replaces the request's own copy all the same.
        let headers = CanonicalHeaders(
            request.headers, adding: signed,
            replacing: credentials.sessionToken != nil && !options.signSessionToken ? ["x-amz-security-token"] : []
        )

        var canonicalRequest: [UInt8] = []
        canonicalRequest.reserveCapacity(256 + headers.canonical.count + request.query.utf8.count * 2)
        appendCanonicalRequest(
            request, query: request.query.isEmpty ? nil : CanonicalQuery(parsing: request.query),
            headers: headers, payloadHash: payloadHash, to: &canonicalRequest
        )
        let (stringToSign, signature) = finish(
            canonicalRequest, secretAccessKey: credentials.secretAccessKey, date: date, context: context
        )

        var authorization: [UInt8] = []
        authorization.reserveCapacity(160 + headers.signedHeaders.count)
        authorization.append(contentsOf: Self.algorithm.utf8)
        authorization.append(contentsOf: " Credential=".utf8)
        appendCredential(accessKeyId: credentials.accessKeyId, date: date, to: &authorization)
        authorization.append(contentsOf: ", SignedHeaders=".utf8)
        authorization.append(contentsOf: headers.signedHeaders)
        authorization.append(contentsOf: ", Signature=".utf8)
        authorization.append(contentsOf: signature.utf8)
        added.append(("Authorization", String(decoding: authorization, as: UTF8.self)))

        return SigV4HeaderSignature(
            canonicalRequest: String(decoding: canonicalRequest, as: UTF8.self),
            stringToSign: stringToSign,
            signature: signature,
            headers: added
        )
    }

    // MARK: - Query signing

    /// The query parameters a presigned URL sets itself; the request's own are dropped.
    private static let presignKeys = [
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
        "X-Amz-SignedHeaders", "X-Amz-Security-Token", "X-Amz-Signature",
    ]

    private func presign(
        _ request: SigV4Request, credentials: AWSCredentials, date: AmzDate, expires: Int,
        context: CryptoContext
    ) -> SigV4QuerySignature {
        let payloadHash = Self.payloadHash(request.payload, context: context)
        let headers = CanonicalHeaders(request.headers)
        let signedHeaders = String(decoding: headers.signedHeaders, as: UTF8.self)
        var credential: [UInt8] = []
        appendCredential(accessKeyId: credentials.accessKeyId, date: date, to: &credential)

        // In the order botocore sends them; the canonical query sorts them anyway.
        var added: [(key: String, value: String)] = [
            ("X-Amz-Algorithm", Self.algorithm),
            ("X-Amz-Credential", String(decoding: credential, as: UTF8.self)),
            ("X-Amz-Date", date.timestamp),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", signedHeaders),
        ]
        var query = CanonicalQuery(parsing: request.query, excludingKeys: Self.presignKeys)
        let ownParameters = query.rawParameters
        for parameter in added { query.append(key: parameter.key, value: parameter.value) }
        if let token = credentials.sessionToken {
            added.append(("X-Amz-Security-Token", token))
            if options.signSessionToken { query.append(key: "X-Amz-Security-Token", value: token) }
        }

        var canonicalRequest: [UInt8] = []
        canonicalRequest.reserveCapacity(512 + headers.canonical.count + request.query.utf8.count * 2)
        appendCanonicalRequest(request, query: query, headers: headers, payloadHash: payloadHash, to: &canonicalRequest)
        let (stringToSign, signature) = finish(
            canonicalRequest, secretAccessKey: credentials.secretAccessKey, date: date, context: context
        )

        var sent: [UInt8] = []
        sent.reserveCapacity(request.query.utf8.count + 512)
        for parameter in ownParameters {
            sent.append(contentsOf: parameter.utf8)
            sent.append(UInt8(ascii: "&"))
        }
        for parameter in added {
            PercentEncoding.append(parameter.key, to: &sent)
            sent.append(UInt8(ascii: "="))
            PercentEncoding.append(parameter.value, to: &sent)
            sent.append(UInt8(ascii: "&"))
        }
        sent.append(contentsOf: "X-Amz-Signature=".utf8)
        sent.append(contentsOf: signature.utf8)

        return SigV4QuerySignature(
            canonicalRequest: String(decoding: canonicalRequest, as: UTF8.self),
            stringToSign: stringToSign,
            signature: signature,
            query: String(decoding: sent, as: UTF8.self)
        )
    }

    // MARK: - Shared steps

    /// The payload hash line: hex SHA-256 of the body, the caller's hash, or `UNSIGNED-PAYLOAD`.
    static func payloadHash(_ payload: SigV4Payload, context: CryptoContext) -> String {
        switch payload {
        case .bytes(let body):
            return context.sha256(body).hexString
        case .precomputedHash(let hash):
            return hash
        case .unsigned:
            return "UNSIGNED-PAYLOAD"
        }
    }

    /// `method\npath\nquery\nheaders\n\nsigned\nhash`.
    private func appendCanonicalRequest(
        _ request: SigV4Request, query: CanonicalQuery?, headers: CanonicalHeaders,
        payloadHash: String, to output: inout [UInt8]
    ) {
        output.append(contentsOf: request.method.utf8)
        output.append(UInt8(ascii: "\n"))
        CanonicalPath.append(
            request.path, normalize: options.normalizePath, doubleEncode: options.doubleEncodePath, to: &output
        )
        output.append(UInt8(ascii: "\n"))
        query?.appendCanonical(to: &output)
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: headers.canonical)
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: headers.signedHeaders)
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: payloadHash.utf8)
    }

    /// `<access key id>/<date>/<region>/<service>/aws4_request`.
    private func appendCredential(accessKeyId: String, date: AmzDate, to output: inout [UInt8]) {
        output.append(contentsOf: accessKeyId.utf8)
        output.append(UInt8(ascii: "/"))
        output.append(contentsOf: date.dateStamp.utf8)
        output.append(contentsOf: scopeSuffix)
    }

    /// The string to sign for `canonicalRequest`, and its signature.
    private func finish(
        _ canonicalRequest: [UInt8], secretAccessKey: String, date: AmzDate, context: CryptoContext
    ) -> (stringToSign: String, signature: String) {
        var stringToSign: [UInt8] = []
        stringToSign.reserveCapacity(64 + 17 + 8 + scopeSuffix.count + 64)
        stringToSign.append(contentsOf: Self.algorithm.utf8)
        stringToSign.append(UInt8(ascii: "\n"))
        stringToSign.append(contentsOf: date.timestamp.utf8)
        stringToSign.append(UInt8(ascii: "\n"))
        stringToSign.append(contentsOf: date.dateStamp.utf8)
        stringToSign.append(contentsOf: scopeSuffix)
        stringToSign.append(UInt8(ascii: "\n"))
        context.sha256(canonicalRequest).appendHex(to: &stringToSign)

        let key = keyCache.signingKey(secretAccessKey: secretAccessKey, date: date, context: context)
        let signature = stringToSign.withUnsafeBytes { context.hmac(key: key, data: $0) }
        return (String(decoding: stringToSign, as: UTF8.self), signature.hexString)
    }
}
