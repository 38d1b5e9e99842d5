/// A failure reported by KMS, by something standing in for it (a proxy, a mock server), or
/// found by the client before sending (``Code/validation``) or after receiving
/// (``Code/invalidResponse``).
///
/// Compare codes, not messages: `catch let error as KMSError where error.code == .notFound`.
/// Failures below HTTP (connection refused, timeouts, TLS) are not wrapped: they surface as
/// the transport's own `HTTPClientError` (`import CurlHTTP` to name it), or `CancellationError`.
///
/// Nothing here ever holds a secret: messages are cut to printable ASCII and the body excerpt
/// is taken after any plaintext in the body was overwritten.
public struct KMSError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a comparable value.
    public internal(set) var code: Code
    /// The error code exactly as the server sent it (`NotFoundException`,
    /// `SignatureDoesNotMatch`), nil when the client raised the error or none was sent.
    public internal(set) var rawCode: String?
    /// The server's message (`message` or `Message`), or the client's own words.
    public internal(set) var message: String
    /// The HTTP status, nil for errors raised before sending.
    public internal(set) var status: Int?
    /// The request id (`x-amzn-RequestId`), useful when talking to AWS support.
    public internal(set) var requestId: String?
    /// The KMS operation that failed (`GenerateDataKey`, …).
    public internal(set) var operation: String
    /// Up to 200 printable ASCII characters of a body the client could not make sense of.
    public internal(set) var bodyExcerpt: String?

    /// Creates an error; the raw code, message, request id and excerpt are sanitized to
    /// printable ASCII (they come from the network and end up in logs).
    public init(
        code: Code,
        rawCode: String? = nil,
        message: String,
        status: Int? = nil,
        requestId: String? = nil,
        operation: String,
        bodyExcerpt: String? = nil
    ) {
        self.code = code
        self.rawCode = rawCode.map { TextSanitizer.printable($0, limit: 128) }
        self.message = TextSanitizer.printable(message, limit: 512)
        self.status = status
        self.requestId = requestId.map { TextSanitizer.printable($0, limit: 128) }
        self.operation = operation
        self.bodyExcerpt = bodyExcerpt.map { TextSanitizer.printable($0, limit: 200) }
    }

    /// A client-side validation failure: the request was not sent.
    static func validation(_ operation: String, _ message: String) -> KMSError {
        KMSError(code: .validation, message: message, operation: operation)
    }

    /// A call made once its client was shut down: not sent.
    static func clientShutDown(_ operation: String) -> KMSError {
        KMSError(code: .clientShutDown, message: "the KMS client was shut down; the call was not sent", operation: operation)
    }

    /// One line: code, raw code, operation, status, message, request id and any excerpt.
    public var description: String {
        var text = "KMSError.\(code)"
        if let rawCode, rawCode != code.description { text += " (\(rawCode))" }
        text += " in \(operation)"
        if let status { text += ", HTTP \(status)" }
        if !message.isEmpty { text += ": \(message)" }
        if let requestId { text += " [request id \(requestId)]" }
        if let bodyExcerpt, !bodyExcerpt.isEmpty { text += " body: \(bodyExcerpt)" }
        return text
    }
}
