/// The result of header signing: the headers to add to the request, and the intermediate
/// strings (for debugging signature mismatches and for tests). Clients that only need the
/// headers sign with `SigV4Signer.signHeaders(_:credentials:date:)`, which skips the strings.
///
/// `description`, `debugDescription` and `dump` show header names and the date only: the
/// `Authorization` value, the session token and the signature are secrets of this request.
public struct SigV4HeaderSignature: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The intermediate strings: as computed (one buffer, turned into strings only when read),
    /// or as given.
    private enum Texts: Sendable {
        /// The canonical request then the string to sign, back to back, and the signature.
        case computed(bytes: [UInt8], canonicalRequestCount: Int, signature: SHA256Digest)
        case given(canonicalRequest: String, stringToSign: String, signature: String)
    }

    /// The added headers: as computed, or as given.
    private enum Headers: Sendable {
        case computed(SigV4AuthorizationHeaders)
        case given([(name: String, value: String)])
    }

    private var texts: Texts
    private var added: Headers

    /// The canonical request that was hashed (holds the session token when it is signed).
    public var canonicalRequest: String {
        get {
            switch texts {
            case .computed(let bytes, let count, _): String(decoding: bytes[..<count], as: UTF8.self)
            case .given(let canonicalRequest, _, _): canonicalRequest
            }
        }
        set { texts = .given(canonicalRequest: newValue, stringToSign: stringToSign, signature: signature) }
    }

    /// The string that was signed.
    public var stringToSign: String {
        get {
            switch texts {
            case .computed(let bytes, let count, _): String(decoding: bytes[count...], as: UTF8.self)
            case .given(_, let stringToSign, _): stringToSign
            }
        }
        set { texts = .given(canonicalRequest: canonicalRequest, stringToSign: newValue, signature: signature) }
    }

    /// The signature, 64 lowercase hex digits.
    public var signature: String {
        get {
            switch texts {
            case .computed(_, _, let signature): signature.hexString
            case .given(_, _, let signature): signature
            }
        }
        set { texts = .given(canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: newValue) }
    }

    /// Headers to add to the request, in this order.
    public var headers: [(name: String, value: String)] {
        get {
            switch added {
            case .computed(let headers): headers.headers
            case .given(let headers): headers
            }
        }
        set { added = .given(newValue) }
    }

    /// Creates a signature result from its parts (test doubles).
    public init(
        canonicalRequest: String, stringToSign: String, signature: String,
        headers: [(name: String, value: String)]
    ) {
        self.texts = .given(canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature)
        self.added = .given(headers)
    }

    /// A result as the signer computes it: `texts` holds the canonical request (its first
    /// `canonicalRequestCount` bytes) then the string to sign, which become strings only if
    /// they are read; the headers are kept as `SigV4AuthorizationHeaders`.
    init(texts: [UInt8], canonicalRequestCount: Int, signature: SHA256Digest, headers: SigV4AuthorizationHeaders) {
        self.texts = .computed(bytes: texts, canonicalRequestCount: canonicalRequestCount, signature: signature)
        self.added = .computed(headers)
    }

    /// The canonical request and the string to sign, back to back in one buffer.
    static func texts(canonicalRequest: UnsafeRawBufferPointer, stringToSign: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: canonicalRequest.count + stringToSign.count) { buffer, count in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            raw.copyMemory(from: canonicalRequest)
            UnsafeMutableRawBufferPointer(rebasing: raw[canonicalRequest.count...]).copyMemory(from: stringToSign)
            count = canonicalRequest.count + stringToSign.count
        }
    }

    /// The `Authorization` header value, if `headers` has one.
    public var authorization: String? {
        if case .computed(let headers) = added { return headers.authorization }
        return headers.first { $0.name.lowercased() == "authorization" }?.value
    }

    /// Header names, and values of those that are not secret.
    public var description: String {
        let shown = headers.map { header in
            switch header.name.lowercased() {
            case "x-amz-date", "x-amz-content-sha256": "\(header.name): \(header.value)"
            default: "\(header.name): <redacted>"
            }
        }
        return "SigV4HeaderSignature(headers: [\(shown.joined(separator: ", "))])"
    }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// A mirror without secrets, so `dump` does not print them either.
    public var customMirror: Mirror {
        Mirror(self, children: ["headers": description], displayStyle: .struct)
    }
}
