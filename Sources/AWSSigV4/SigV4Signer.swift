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
        let signed = signWithHeaders(request, credentials: credentials, date: date, keepingTexts: true)
        return SigV4HeaderSignature(
            texts: signed.texts, canonicalRequestCount: signed.canonicalRequestCount, signature: signed.signature,
            headers: signed.headers)
    }

    /// Signs with headers like `sign(_:credentials:date:)`, and returns only the headers to add:
    /// the same values, without building the canonical request and string to sign as strings.
    /// This is the entry point for clients that send what they sign (a KMS call signs with it).
    public func signHeaders(_ request: SigV4Request, credentials: AWSCredentials, date: Date) -> SigV4AuthorizationHeaders {
        signWithHeaders(request, credentials: credentials, date: date, keepingTexts: false).headers
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
                code: .invalidExpires,
                message: "expires must be 1...604800 seconds, got \(expires)"
            )
        }
        let amzDate = AmzDate(date)
        return CryptoContextPool.withContext { context in
            presign(request, credentials: credentials, date: amzDate, expires: expires, context: context)
        }
    }

    // MARK: - Header signing

    /// What one header signature computed. The buffers are in the context's scratch: valid
    /// until the context signs again, cleared with `clearScratch(count: scratchUsed)`.
    private struct HeaderSignatureParts {
        var canonicalRequest: UnsafeRawBufferPointer
        var stringToSign: UnsafeRawBufferPointer
        /// `name;name;…`, inside `canonicalRequest`.
        var signedHeaders: UnsafeRawBufferPointer
        /// The payload hash line (hex digest, the caller's hash, or `UNSIGNED-PAYLOAD`).
        var payloadHash: UnsafeRawBufferPointer
        var signature: SHA256Digest
        /// How many bytes of the context's scratch the signature used.
        var scratchUsed: Int
    }

    /// What `sign` and `signHeaders` return, from their one body.
    private struct HeaderSigning {
        var headers: SigV4AuthorizationHeaders
        /// The canonical request then the string to sign; empty unless asked for.
        var texts: [UInt8]
        var canonicalRequestCount: Int
        var signature: SHA256Digest
    }

    /// The one body of ``sign(_:credentials:date:)`` and ``signHeaders(_:credentials:date:)``:
    /// they differ only in whether the canonical request and string to sign are kept as text
    /// (`keepingTexts`), so a fix to the headers either returns reaches both. Inlined so that
    /// `signHeaders` pays for no texts and no intermediate copy.
    @inline(__always)
    private func signWithHeaders(
        _ request: SigV4Request, credentials: AWSCredentials, date: Date, keepingTexts: Bool
    ) -> HeaderSigning {
        let context = CryptoContextPool.checkOut()
        let amzDate = context.amzDate(date)
        let parts = headerSignature(request, credentials: credentials, date: amzDate, context: context)
        let texts = keepingTexts
            ? SigV4HeaderSignature.texts(canonicalRequest: parts.canonicalRequest, stringToSign: parts.stringToSign) : []
        let authorization = authorization(parts, credentials: credentials, date: amzDate)
        let contentSHA256 = options.addContentSHA256Header ? Self.string(parts.payloadHash) : nil
        context.clearScratch(count: parts.scratchUsed)
        CryptoContextPool.checkIn(context)
        // Built in the return: a result built earlier would be copied.
        return HeaderSigning(
            headers: SigV4AuthorizationHeaders(
                amzDate: amzDate.timestamp, securityToken: credentials.sessionToken,
                contentSHA256: contentSHA256, authorization: authorization),
            texts: texts, canonicalRequestCount: parts.canonicalRequest.count, signature: parts.signature)
    }

    /// Computes a header signature with no heap allocation of its own, as a C program would:
    /// the canonical request and the string to sign are written with `memcpy` into scratch
    /// memory the context keeps, the headers to sign are sorted as index records, digests stay
    /// inline. (Straight-line code, no closures: a closure capturing the request would copy it,
    /// which costs a retain and a release per string in it.)
    private func headerSignature(
        _ request: SigV4Request, credentials: AWSCredentials, date: AmzDate, context: CryptoContext
    ) -> HeaderSignatureParts {
        let signsToken = credentials.sessionToken != nil && options.signSessionToken
        let dropsToken = credentials.sessionToken != nil && !options.signSessionToken
        let payloadHashCount: Int
        switch request.payload {
        case .bytes: payloadHashCount = 2 * SHA256Digest.byteCount
        case .precomputedHash(let hash): payloadHashCount = hash.utf8.count
        case .unsigned: payloadHashCount = Self.unsignedPayload.utf8CodeUnitCount
        }
        // `/` with no query, every KMS call, needs no encoding pass.
        let path: [UInt8]? = request.path.isEmpty || request.path == "/" ? nil : canonicalPath(request.path)
        let query: [UInt8]? = request.query.isEmpty ? nil : Self.canonicalQuery(request.query)

        // Sizes: the writer's records, its scratch (the request's names, then the payload hash
        // and the names and values of the headers the signer adds), the canonical request (at
        // most every name twice, every value once, separators), the string to sign.
        var nameBytes = 0
        var valueBytes = 0
        for index in request.headers.indices {
            nameBytes += request.headers[index].name.utf8.count
            valueBytes += request.headers[index].value.utf8.count
        }
        var ownHeaderBytes = payloadHashCount + Self.dateHeader.utf8CodeUnitCount + AmzDate.timestampCount
        if signsToken, let token = credentials.sessionToken {
            ownHeaderBytes += Self.tokenHeader.utf8CodeUnitCount + token.utf8.count
        }
        if options.addContentSHA256Header { ownHeaderBytes += Self.contentSHA256Header.utf8CodeUnitCount }
        let slotCount = CanonicalHeaderWriter.slotCount(forRequestHeaders: request.headers.count)
        let slotBytes = slotCount * MemoryLayout<CanonicalHeaderWriter.Slot>.stride
        let writerBytes = nameBytes + ownHeaderBytes
        let canonicalBytes = request.method.utf8.count + (path?.count ?? 1) + (query?.count ?? 0)
            + 2 * (nameBytes + ownHeaderBytes) + valueBytes + 3 * slotCount + payloadHashCount + 4
        let stringToSignBytes = Self.algorithm.utf8.count + AmzDate.timestampCount + AmzDate.dateStampCount
            + scopeSuffix.count + 2 * SHA256Digest.byteCount + 3
        let total = slotBytes + writerBytes + canonicalBytes + stringToSignBytes
        let scratch = context.scratch(count: total)
        let slots = UnsafeMutableBufferPointer(
            start: scratch.baseAddress!.bindMemory(to: CanonicalHeaderWriter.Slot.self, capacity: slotCount),
            count: slotCount
        )
        let bytes = UnsafeMutableBufferPointer(
            start: (scratch.baseAddress! + slotBytes).bindMemory(to: UInt8.self, capacity: total - slotBytes),
            count: total - slotBytes
        )

        var headers = CanonicalHeaderWriter(
            requestHeaders: request.headers, slots: slots, scratch: UnsafeMutableBufferPointer(rebasing: bytes[0..<writerBytes])
        )
        let payloadHash: Range<Int>
        switch request.payload {
        case .bytes(let body):
            payloadHash = headers.appendHexToScratch(Self.sha256(body, context: context))
        case .precomputedHash(let hash):
            payloadHash = headers.appendToScratch(hash)
        case .unsigned:
            payloadHash = headers.appendToScratch(Self.unsignedPayload)
        }
        headers.addOwn(name: Self.dateHeader, valueAt: headers.appendToScratch(timestampOf: date))
        if signsToken, let token = credentials.sessionToken {
            headers.addOwn(name: Self.tokenHeader, valueAt: headers.appendToScratch(token))
        }
        if options.addContentSHA256Header { headers.addOwn(name: Self.contentSHA256Header, valueAt: payloadHash) }
        // A token sent but not signed replaces the request's own copy all the same.
        headers.addRequestHeaders(dropping: dropsToken ? Self.tokenHeader : nil)
        headers.sort()

        var canonical = ByteWriter(UnsafeMutableBufferPointer(rebasing: bytes[writerBytes..<writerBytes + canonicalBytes]))
        canonical.append(request.method)
        canonical.append(UInt8(ascii: "\n"))
        if let path { canonical.append(path) } else { canonical.append(UInt8(ascii: "/")) }
        canonical.append(UInt8(ascii: "\n"))
        if let query { canonical.append(query) }
        canonical.append(UInt8(ascii: "\n"))
        headers.writeCanonical(to: &canonical)
        canonical.append(UInt8(ascii: "\n"))
        let signedStart = canonical.count
        headers.writeSignedHeaders(to: &canonical)
        let signedEnd = canonical.count
        canonical.append(UInt8(ascii: "\n"))
        canonical.append(headers.scratch.bytes(payloadHash))
        let requestDigest = context.sha256(canonical.written)

        var stringToSign = ByteWriter(UnsafeMutableBufferPointer(rebasing: bytes[(writerBytes + canonicalBytes)...]))
        stringToSign.append("AWS4-HMAC-SHA256\n")
        stringToSign.append(timestampOf: date)
        stringToSign.append(UInt8(ascii: "\n"))
        stringToSign.append(dateStampOf: date)
        stringToSign.append(scopeSuffix)
        stringToSign.append(UInt8(ascii: "\n"))
        stringToSign.appendHex(requestDigest)

        let key = keyCache.signingKey(secretAccessKey: credentials.secretAccessKey, date: date, context: context)
        return HeaderSignatureParts(
            canonicalRequest: canonical.written,
            stringToSign: stringToSign.written,
            signedHeaders: canonical.bytes(signedStart..<signedEnd),
            payloadHash: headers.scratch.bytes(payloadHash),
            signature: context.hmac(key: key, data: stringToSign.written),
            scratchUsed: total
        )
    }

    /// SHA-256 of `body`.
    private static func sha256(_ body: [UInt8], context: CryptoContext) -> SHA256Digest {
        body.withUnsafeBytes { context.sha256($0) }
    }

    /// The names of the headers the signer adds, lower-case.
    private static let dateHeader: StaticString = "x-amz-date"
    private static let tokenHeader: StaticString = "x-amz-security-token"
    private static let contentSHA256Header: StaticString = "x-amz-content-sha256"

    /// The `Authorization` value of a computed signature.
    private func authorization(_ parts: HeaderSignatureParts, credentials: AWSCredentials, date: AmzDate) -> String {
        authorization(
            accessKeyId: credentials.accessKeyId, date: date, signedHeaders: parts.signedHeaders,
            signature: parts.signature
        )
    }

    /// `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`, written straight into the
    /// string's storage.
    private func authorization(
        accessKeyId: String, date: AmzDate, signedHeaders: UnsafeRawBufferPointer, signature: SHA256Digest
    ) -> String {
        // The literals below are 57 bytes.
        let capacity = 57 + accessKeyId.utf8.count + AmzDate.dateStampCount + scopeSuffix.count
            + signedHeaders.count + 2 * SHA256Digest.byteCount
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var output = ByteWriter(buffer)
            output.append("AWS4-HMAC-SHA256 Credential=")
            output.append(accessKeyId)
            output.append(UInt8(ascii: "/"))
            output.append(dateStampOf: date)
            output.append(scopeSuffix)
            output.append(", SignedHeaders=")
            output.append(signedHeaders)
            output.append(", Signature=")
            output.appendHex(signature)
            return output.count
        }
    }

    /// The canonical path of a path other than `/`.
    private func canonicalPath(_ path: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(path.utf8.count * 3 + 1)
        CanonicalPath.append(path, normalize: options.normalizePath, doubleEncode: options.doubleEncodePath, to: &output)
        return output
    }

    /// The canonical form of a non-empty query.
    private static func canonicalQuery(_ query: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(query.utf8.count * 2)
        CanonicalQuery(parsing: query).appendCanonical(to: &output)
        return output
    }

    /// The payload hash line of `SigV4Payload.unsigned`.
    private static let unsignedPayload: StaticString = "UNSIGNED-PAYLOAD"

    /// `bytes` as a string (ASCII here, but invalid UTF-8 would be repaired, never trusted).
    private static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
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
