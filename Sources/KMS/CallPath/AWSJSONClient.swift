#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import AWSSigV4
import CurlHTTP
import Tracing

/// The one call path of the AWS JSON 1.1 protocol: encode → credentials → sign → send → decode.
///
/// Every operation goes through ``call(_:body:logger:decode:)``; ``send(_:operation:logger:)`` is
/// the single place a request goes out, inside the retry loop of ``RetryStrategy`` (one per
/// client). Request and response bodies are zeroed once used (they may carry plaintext), as far
/// as Swift lets us: see ``KMSSecretBytes``.
///
/// Each call logs on its own logger (the caller's, else the client's), and, when a backend is
/// there (``CallInstrumentation``), runs in a span and counts in the operation's metrics.
struct AWSJSONClient: Sendable {
    static let contentType = "application/x-amz-json-1.1"
    static let targetPrefix = "TrentService."
    static let userAgent = RequestSigning.userAgent

    let endpoint: AWSEndpoint
    let signer: SigV4Signer
    let credentialProvider: any AWSCredentialProvider
    let transport: any HTTPTransport
    let retry: RetryStrategy
    let logger: Logger
    /// The gate of the client this path belongs to: calls after its shutdown are not sent.
    let lifecycle: ClientLifecycle
    let instrumentation: CallInstrumentation

    private let url: String
    private let hostHeader: String

    init(config: AWSConfig, transport: any HTTPTransport, logger: Logger, retry: RetryStrategy? = nil, lifecycle: ClientLifecycle = ClientLifecycle()) {
        self.lifecycle = lifecycle
        self.retry = retry ?? RetryStrategy(configuration: config.retry)
        self.endpoint = config.endpoint
        self.signer = SigV4Signer(region: config.region, service: "kms")
        self.credentialProvider = config.credentialProvider
        self.transport = transport
        self.logger = logger
        self.instrumentation = CallInstrumentation(config: config)
        self.url = config.endpoint.url
        self.hostHeader = config.endpoint.hostHeader
    }

    /// Runs one operation. `decode` gets the 2xx body to read (and may scrub) in place; the
    /// body is zeroed afterwards whatever happens. The request body is taken over (`consuming`)
    /// so that zeroing it after sending reaches the only copy rather than copying it first.
    ///
    /// - Parameter callLogger: this call's logger; nil for the client's.
    ///
    /// Inlined into each operation, so that a call with nothing to report goes straight to
    /// ``perform(_:body:logger:span:decode:)``: no more async frames than before observability,
    /// no copy of a logger.
    @inline(__always)
    func call<Output>(
        _ operation: String,
        body: consuming [UInt8],
        logger callLogger: Logger? = nil,
        decode: (inout [UInt8]) throws -> Output
    ) async throws -> Output {
        if instrumentation.isOff {
            if let callLogger {
                return try await perform(operation, body: &body, logger: callLogger, span: nil, decode: decode)
            }
            return try await perform(operation, body: &body, logger: logger, span: nil, decode: decode)
        }
        return try await instrumented(operation, body: &body, logger: callLogger ?? logger, decode: decode)
    }

    /// The call with a backend there: counted and timed in the operation's metrics, traced
    /// when there is a tracer.
    private func instrumented<Output>(
        _ operation: String,
        body: inout [UInt8],
        logger: Logger,
        decode: (inout [UInt8]) throws -> Output
    ) async throws -> Output {
        let metrics = instrumentation.metrics?.handlers(for: operation)
        metrics?.requests.increment(by: 1)
        let started = metrics == nil ? nil : ContinuousClock.now
        defer {
            if let metrics, let started { metrics.duration.recordNanoseconds(Self.nanoseconds(since: started)) }
        }
        do {
            if let tracer = instrumentation.tracer {
                return try await traced(by: tracer, operation, body: &body, logger: logger, decode: decode)
            }
            return try await perform(operation, body: &body, logger: logger, span: nil, decode: decode)
        } catch {
            metrics?.errors.increment(by: 1)
            throw error
        }
    }

    /// The call inside a client span named `KMS.<Operation>`, made the current span for what
    /// runs inside (a transport of the app's that traces its requests nests under it). The
    /// error recorded is the one the caller gets: a ``KMSError`` (masked of echoed secrets),
    /// a transport or credential error, none of which carries a secret.
    private func traced<T: Tracer, Output>(
        by tracer: T,
        _ operation: String,
        body: inout [UInt8],
        logger: Logger,
        decode: (inout [UInt8]) throws -> Output
    ) async throws -> Output {
        let span = tracer.startSpan(CallInstrumentation.service + "." + operation, ofKind: .client)
        defer { span.end() }
        if span.isRecording {
            span.updateAttributes { attributes in
                attributes["rpc.system"] = "aws-api"
                attributes["rpc.service"] = CallInstrumentation.service
                attributes["rpc.method"] = operation
            }
        }
        do {
            let callSpan = CallSpan(span)
            return try await ServiceContext.$current.withValue(span.context) {
                try await perform(operation, body: &body, logger: logger, span: callSpan, decode: decode)
            }
        } catch {
            span.recordError(error)
            span.setStatus(SpanStatus(code: .error, message: Self.summary(of: error)))
            throw error
        }
    }

    /// The call itself: the retry loop, then decoding. `span` gets each attempt's status and
    /// request id and an event per retry; nil when nothing traces.
    private func perform<Output>(
        _ operation: String,
        body: inout [UInt8],
        logger: Logger,
        span: CallSpan?,
        decode: (inout [UInt8]) throws -> Output
    ) async throws -> Output {
        // A shut-down client sends nothing; the body (it may hold plaintext) is wiped all the same.
        do { try lifecycle.enter(operation) } catch { KMSSecretBytes.wipe(&body); throw error }
        defer { lifecycle.leave() }
        // Durations are only logged at debug level: no clock reads otherwise.
        let started = logger.logLevel <= .debug ? ContinuousClock.now : nil
        let target = Self.targetPrefix + operation
        var answer: Answer
        var lastFailure: (any Error)?
        do {
            answer = try await retry.run(
                { [body] attempt in
                    if attempt.number > 1 {
                        Self.recordRetry(attempt, after: lastFailure, operation: operation, logger: logger, span: span)
                    }
                    do {
                        return try await self.attempt(
                            operation: operation, target: target, body: body, attempt: attempt, logger: logger, span: span)
                    } catch {
                        lastFailure = error
                        throw error
                    }
                },
                classify: Self.classify)
        } catch {
            KMSSecretBytes.wipe(&body)
            let failure = (error as? ServiceFailure)?.error
            logger.debug("KMS request failed", metadata: [
                "kms.operation": "\(operation)",
                "kms.error": "\(failure.map { "KMSError.\($0.code)" } ?? "\(type(of: error))")",
                "kms.status": "\(failure?.status.map(String.init) ?? "-")",
                "kms.request_id": "\(failure?.requestId ?? "-")",
                "kms.duration_ms": "\(Self.milliseconds(since: started))",
            ])
            throw failure ?? error
        }
        KMSSecretBytes.wipe(&body)
        defer { KMSSecretBytes.wipe(&answer.response.body) }
        do {
            return try decode(&answer.response.body)
        } catch {
            // Whatever broke the body, the key material it may carry stays out of the excerpt,
            // and so does what a hostile server may have echoed of the request's credentials
            // (done only here, off the path of a good answer).
            PlaintextExtractor.scrub(&answer.response.body)
            let secrets = Self.echoableSecrets(of: answer.authorization, credentials: answer.credentials)
            Self.mask(secrets, in: &answer.response.body)
            throw KMSError(
                code: .invalidResponse,
                message: Self.explain(error),
                status: answer.response.status,
                requestId: Self.unlessEchoed(answer.response.headers[first: "x-amzn-RequestId"], secrets),
                operation: operation,
                bodyExcerpt: KMSErrorDecoder.excerpt(answer.response.body) ?? "")
        }
    }

    /// A retry about to go out: a debug line and a span event (`retry`, with the attempt number
    /// and what failed before it: the error code and status, never a message or a body).
    private static func recordRetry(
        _ attempt: RetryAttempt, after failure: (any Error)?, operation: String, logger: Logger, span callSpan: CallSpan?
    ) {
        let status = ((failure as? ServiceFailure)?.error.status).map(String.init) ?? "-"
        logger.debug("KMS retry", metadata: [
            "kms.operation": "\(operation)",
            "kms.attempt": "\(attempt.number)",
            "kms.previous_error": "\(summary(of: failure))",
            "kms.previous_status": "\(status)",
        ])
        guard let span = callSpan?.span, span.isRecording else { return }
        var attributes: SpanAttributes = [:]
        attributes["aws.attempt"] = attempt.number
        attributes["aws.previous_error"] = summary(of: failure)
        if let status = (failure as? ServiceFailure)?.error.status {
            attributes["http.response.status_code"] = status
        }
        span.addEvent(SpanEvent(name: "retry", attributes: attributes))
        span.attributes["http.request.resend_count"] = attempt.number - 1
    }

    /// What kind of failure, in a few words and nothing from the network but a sanitized code:
    /// `ThrottlingException`, `KMSError.invalidResponse`, `HTTPClientError`, ….
    static func summary(of error: (any Error)?) -> String {
        switch error {
        case nil:
            return "-"
        case let failure as ServiceFailure:
            return failure.error.rawCode ?? "KMSError.\(failure.error.code)"
        case let error as KMSError:
            return error.rawCode ?? "KMSError.\(error.code)"
        case let error?:
            return "\(type(of: error))"
        }
    }

    /// One attempt: fresh credentials, a signature dated with the corrected clock, the send,
    /// and for a non-2xx answer the typed error with the retry decision its headers call for.
    /// Each attempt builds its own headers; the body is shared, not copied.
    private func attempt(
        operation: String, target: String, body: [UInt8], attempt: RetryAttempt, logger: Logger, span callSpan: CallSpan?
    ) async throws -> Answer {
        let credentials = try await credentialProvider.credentials()
        try checkHeaderSafe(credentials, operation: operation)
        var request = makeRequest(target: target, body: body)
        let now = Date()
        let authorization = sign(&request, credentials: credentials, date: now.addingTimeInterval(attempt.clockOffset.seconds))
        let started = logger.logLevel <= .debug ? ContinuousClock.now : nil
        var response = try await send(request, operation: operation, logger: logger)
        logger.debug("KMS response", metadata: [
            "kms.operation": "\(operation)",
            "kms.attempt": "\(attempt.number)",
            "kms.status": "\(response.status)",
            "kms.request_id": "\(Self.requestId(of: response, authorization: authorization, credentials: credentials) ?? "-")",
            "kms.duration_ms": "\(Self.milliseconds(since: started))",
        ])
        if let span = callSpan?.span, span.isRecording {
            let requestId = Self.requestId(of: response, authorization: authorization, credentials: credentials)
            span.updateAttributes { attributes in
                attributes["http.response.status_code"] = response.status
                attributes["aws.request_id"] = requestId
            }
        }
        guard (200..<300).contains(response.status) else {
            defer { KMSSecretBytes.wipe(&response.body) }
            // Never keep plaintext an error body might carry, not even in an excerpt.
            PlaintextExtractor.scrub(&response.body)
            // Nor what a proxy or a hostile server echoes back of the request's credentials.
            let secrets = Self.echoableSecrets(of: authorization, credentials: credentials)
            Self.mask(secrets, in: &response.body)
            var error = KMSErrorDecoder.error(from: response, operation: operation)
            // Looked for in the headers as received too: the error keeps only 128 characters of
            // the id, which leaves a long session token's first part there unrecognized.
            let echoedInHeader = [response.headers[first: "x-amzn-RequestId"], response.headers[first: "x-amz-request-id"]]
                .contains { $0.map { Self.unlessEchoed($0, secrets) != $0 } ?? false }
            error.requestId = echoedInHeader ? "<redacted>" : Self.unlessEchoed(error.requestId, secrets)
            let decision = RetryClassifier.classify(
                errorCode: error.rawCode, status: response.status, message: error.message,
                headers: response.headers, now: now)
            throw ServiceFailure(error: error, decision: decision)
        }
        return Answer(response: response, credentials: credentials, authorization: authorization)
    }

    /// The response's request id, `<redacted>` when it echoes a secret of the request, then
    /// sanitized as ``KMSError/requestId`` is. The echo is looked for in the whole header, before
    /// the cut to 128 characters could leave a secret's first part behind unrecognized.
    private static func requestId(of response: HTTPResponse, authorization: String, credentials: AWSCredentials) -> String? {
        guard let raw = response.headers[first: "x-amzn-RequestId"],
              let checked = unlessEchoed(raw, echoableSecrets(of: authorization, credentials: credentials))
        else { return nil }
        return TextSanitizer.printable(checked, limit: 128)
    }

    /// A 2xx answer with what signed its request, should its body need masking.
    struct Answer {
        var response: HTTPResponse
        var credentials: AWSCredentials
        var authorization: String
    }


    /// What of a signed request must never come back in an error: the secret key, the session
    /// token, the Authorization value and its signature alone.
    static func echoableSecrets(of authorization: String?, credentials: AWSCredentials) -> [String] {
        var secrets = [credentials.secretAccessKey]
        if let token = credentials.sessionToken { secrets.append(token) }
        if let authorization {
            secrets.append(authorization)
            if let signature = authorization.firstRange(of: "Signature=") {
                secrets.append(String(authorization[signature.upperBound...]))
            }
        }
        return secrets
    }

    /// Overwrites every occurrence of each of `secrets` in `body` with `*`, in place (no copy
    /// of the body is made), longest first so a secret inside another is masked whole.
    static func mask(_ secrets: [String], in body: inout [UInt8]) {
        for secret in secrets.sorted(by: { $0.utf8.count > $1.utf8.count }) {
            let needle = Array(secret.utf8)
            guard let first = needle.first, needle.count <= body.count else { continue }
            body.withUnsafeMutableBufferPointer { bytes in
                var index = 0
                while index <= bytes.count - needle.count {
                    if bytes[index] == first, needle.indices.allSatisfy({ bytes[index + $0] == needle[$0] }) {
                        for offset in needle.indices { bytes[index + offset] = UInt8(ascii: "*") }
                        index += needle.count
                    } else {
                        index += 1
                    }
                }
            }
        }
    }

    /// `requestId`, or `<redacted>` when it carries one of `secrets` (a header echoed back).
    static func unlessEchoed(_ requestId: String?, _ secrets: [String]) -> String? {
        guard let requestId, secrets.contains(where: { !$0.isEmpty && requestId.contains($0) }) else { return requestId }
        return "<redacted>"
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
    func send(_ request: HTTPRequest, operation: String, logger: Logger) async throws -> HTTPResponse {
        logger.trace("KMS request", metadata: [
            "kms.operation": "\(operation)",
            "kms.body_bytes": "\(request.body.count)",
        ])
        return try await transport.execute(request)
    }

    /// The unsigned request: `POST /` with `Host`, `Content-Type` and `X-Amz-Target`.
    func makeRequest(operation: String, body: [UInt8]) -> HTTPRequest {
        makeRequest(target: Self.targetPrefix + operation, body: body)
    }

    /// The unsigned request, its header list allocated once with room for what ``sign(_:credentials:date:)`` adds.
    private func makeRequest(target: String, body: [UInt8]) -> HTTPRequest {
        var fields: [(name: String, value: String)] = []
        fields.reserveCapacity(8)
        fields.append((name: "Host", value: hostHeader))
        fields.append((name: "Content-Type", value: Self.contentType))
        fields.append((name: "X-Amz-Target", value: target))
        return HTTPRequest(method: "POST", url: url, headers: HTTPHeaders(fields), body: body)
    }

    /// Signs a request from ``makeRequest(operation:body:)`` through ``RequestSigning``, the
    /// path every service's requests take. Returns the `Authorization` value.
    @discardableResult
    func sign(_ request: inout HTTPRequest, credentials: AWSCredentials, date: Date) -> String {
        RequestSigning.sign(&request, path: "/", signer: signer, credentials: credentials, date: date)
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

    /// Nanoseconds since `start`, for the duration metric.
    private static func nanoseconds(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
    }

    /// Milliseconds since `start`; "-" when durations are not measured (log level above debug).
    private static func milliseconds(since start: ContinuousClock.Instant?) -> String {
        guard let start else { return "-" }
        let elapsed = ContinuousClock.now - start
        return String(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}
