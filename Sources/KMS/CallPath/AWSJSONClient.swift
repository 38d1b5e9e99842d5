#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging

/// The one call path of the AWS JSON 1.1 protocol: encode → credentials → sign → send → decode.
///
/// Every operation goes through ``call(_:body:decode:)``; ``send(_:operation:)`` is the single
/// place a request goes out, inside the retry loop of ``RetryStrategy`` (one per client). Request and response bodies are
/// zeroed once used (they may carry plaintext), as far as Swift lets us: see ``KMSSecretBytes``.
struct AWSJSONClient: Sendable {
    static let contentType = "application/x-amz-json-1.1"
    static let targetPrefix = "TrentService."
    static let userAgent = "swift-kms/0.1"

    let endpoint: AWSEndpoint
    let signer: SigV4Signer
    let credentialProvider: any AWSCredentialProvider
    let transport: any HTTPTransport
    let retry: RetryStrategy
    let logger: Logger

    private let url: String
    private let hostHeader: String

    init(config: AWSConfig, transport: any HTTPTransport, logger: Logger, retry: RetryStrategy? = nil) {
        self.retry = retry ?? RetryStrategy(configuration: config.retry)
        self.endpoint = config.endpoint
        self.signer = SigV4Signer(region: config.region, service: "kms")
        self.credentialProvider = config.credentialProvider
        self.transport = transport
        self.logger = logger
        self.url = config.endpoint.url
        self.hostHeader = config.endpoint.hostHeader
    }

    /// Runs one operation. `decode` gets the 2xx body to read (and may scrub) in place; the
    /// body is zeroed afterwards whatever happens.
    func call<Output>(
        _ operation: String,
        body: [UInt8],
        decode: (inout [UInt8]) throws -> Output
    ) async throws -> Output {
        // Durations are only logged at debug level: no clock reads otherwise.
        let started = logger.logLevel <= .debug ? ContinuousClock.now : nil
        var request = makeRequest(operation: operation, body: body)
        var response: HTTPResponse
        do {
            response = try await retry.run(
                { attempt in try await self.attempt(request, operation: operation, attempt: attempt) },
                classify: Self.classify)
        } catch {
            KMSSecretBytes.wipe(&request.body)
            logger.debug("KMS request failed", metadata: [
                "kms.operation": "\(operation)",
                "kms.error": "\(type(of: error))",
                "kms.duration_ms": "\(Self.milliseconds(since: started))",
            ])
            throw (error as? ServiceFailure)?.error ?? error
        }
        KMSSecretBytes.wipe(&request.body)
        defer { KMSSecretBytes.wipe(&response.body) }
        do {
            return try decode(&response.body)
        } catch {
            // Whatever broke the body, the key material it may carry stays out of the excerpt.
            PlaintextExtractor.scrub(&response.body)
            throw KMSError(
                code: .invalidResponse,
                message: Self.explain(error),
                status: response.status,
                requestId: response.headers[first: "x-amzn-RequestId"],
                operation: operation,
                bodyExcerpt: KMSErrorDecoder.excerpt(response.body) ?? "")
        }
    }

    /// One attempt: fresh credentials, a signature dated with the corrected clock, the send,
    /// and for a non-2xx answer the typed error with the retry decision its headers call for.
    /// The request is copied per attempt only in its headers; the body is shared, not copied.
    private func attempt(_ unsigned: HTTPRequest, operation: String, attempt: RetryAttempt) async throws -> HTTPResponse {
        let credentials = try await credentialProvider.credentials()
        try checkHeaderSafe(credentials, operation: operation)
        var request = unsigned
        let now = Date()
        sign(&request, credentials: credentials, date: now.addingTimeInterval(attempt.clockOffset.seconds))
        let started = logger.logLevel <= .debug ? ContinuousClock.now : nil
        var response = try await send(request, operation: operation)
        logger.debug("KMS response", metadata: [
            "kms.operation": "\(operation)",
            "kms.attempt": "\(attempt.number)",
            "kms.status": "\(response.status)",
            "kms.request_id": "\(response.headers[first: "x-amzn-RequestId"] ?? "-")",
            "kms.duration_ms": "\(Self.milliseconds(since: started))",
        ])
        guard (200..<300).contains(response.status) else {
            defer { KMSSecretBytes.wipe(&response.body) }
            // Never keep plaintext an error body might carry, not even in an excerpt.
            PlaintextExtractor.scrub(&response.body)
            let error = KMSErrorDecoder.error(from: response, operation: operation)
            let decision = RetryClassifier.classify(
                errorCode: error.rawCode, status: response.status, message: error.message,
                headers: response.headers, now: now)
            throw ServiceFailure(error: error, decision: decision)
        }
        return response
    }

    /// A service error on its way through the retry loop, with the decision made while its
    /// headers (`Retry-After`, `Date`) were at hand. Callers only ever see `error`.
    struct ServiceFailure: Error {
        var error: KMSError
        var decision: RetryDecision
    }

    /// Service errors carry their decision; transport failures are classified by kind;
    /// anything else (credentials, validation, cancellation) is final.
    static func classify(_ error: any Error) -> RetryDecision {
        if let failure = error as? ServiceFailure { return failure.decision }
        return RetryClassifier.classify(error)
    }

    /// The single place a request goes to the transport.
    func send(_ request: HTTPRequest, operation: String) async throws -> HTTPResponse {
        logger.trace("KMS request", metadata: [
            "kms.operation": "\(operation)",
            "kms.body_bytes": "\(request.body.count)",
        ])
        return try await transport.execute(request)
    }

    /// The unsigned request: `POST /` with `Host`, `Content-Type` and `X-Amz-Target`.
    func makeRequest(operation: String, body: [UInt8]) -> HTTPRequest {
        HTTPRequest(
            method: "POST",
            url: url,
            headers: [
                "Host": hostHeader,
                "Content-Type": Self.contentType,
                "X-Amz-Target": Self.targetPrefix + operation,
            ],
            body: body)
    }

    /// Signs the request's headers as they are, then adds the signature headers and an unsigned
    /// `User-Agent` (servers that re-sign with botocore reject a signed one).
    func sign(_ request: inout HTTPRequest, credentials: AWSCredentials, date: Date) {
        let toSign = SigV4Request(
            method: request.method,
            path: "/",
            headers: request.headers.fields,
            payload: .bytes(request.body))
        let signature = signer.sign(toSign, credentials: credentials, date: date)
        // One copy of the unsigned fields, with room for the rest (the unsigned request keeps
        // its own for a retry), instead of a copy and then a regrowth.
        var fields = request.headers.fields
        fields.reserveCapacity(fields.count + signature.headers.count + 1)
        var headers = HTTPHeaders(fields)
        for header in signature.headers {
            headers.replaceOrAdd(name: header.name, value: header.value)
        }
        headers.replaceOrAdd(name: "User-Agent", value: Self.userAgent)
        request.headers = headers
    }

    /// Credentials from a provider go into headers: refuse any that would break them.
    private func checkHeaderSafe(_ credentials: AWSCredentials, operation: String) throws(KMSError) {
        if HeaderSafety.hasControlCharacters(credentials.accessKeyId)
            || credentials.sessionToken.map(HeaderSafety.hasControlCharacters) == true
        {
            throw .validation(operation, "credentials from the provider contain control characters")
        }
    }

    /// A short, value-free account of a decoding failure.
    static func explain(_ error: any Error) -> String {
        switch error {
        case let failure as JSONReader.Failure:
            switch failure {
            case .invalidJSON:
                return "the response is not valid JSON"
            case .missing(let path):
                return "the response has no \(path)"
            case .wrongType(let path):
                return path.isEmpty
                    ? "the response is JSON of the wrong type (not an object)"
                    : "the response has a field of the wrong type at \(path)"
            case .invalidValue(let path):
                return "the response has an invalid value at \(path)"
            case .invalidBase64(let path):
                return "the response's \(path) is not valid base64"
            }
        default:
            return "the response could not be decoded"
        }
    }

    /// Milliseconds since `start`; "-" when durations are not measured (log level above debug).
    private static func milliseconds(since start: ContinuousClock.Instant?) -> String {
        guard let start else { return "-" }
        let elapsed = ContinuousClock.now - start
        return String(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}
