#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging

/// The one call path of the AWS JSON 1.1 protocol: encode → credentials → sign → send → decode.
///
/// Every operation goes through ``call(_:body:decode:)``; ``send(_:operation:)`` is the single
/// place an attempt is made, which a retry strategy will wrap. Request and response bodies are
/// zeroed once used (they may carry plaintext), as far as Swift lets us: see ``KMSSecretBytes``.
struct AWSJSONClient: Sendable {
    static let contentType = "application/x-amz-json-1.1"
    static let targetPrefix = "TrentService."
    static let userAgent = "swift-kms/0.1"

    let endpoint: AWSEndpoint
    let signer: SigV4Signer
    let credentialProvider: any AWSCredentialProvider
    let transport: any HTTPTransport
    let logger: Logger

    private let url: String
    private let hostHeader: String

    init(config: AWSConfig, transport: any HTTPTransport, logger: Logger) {
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
        let started = ContinuousClock.now
        var request = makeRequest(operation: operation, body: body)
        let credentials = try await credentialProvider.credentials()
        try checkHeaderSafe(credentials, operation: operation)
        sign(&request, credentials: credentials, date: Date())

        var response: HTTPResponse
        do {
            response = try await send(request, operation: operation)
        } catch {
            KMSSecretBytes.wipe(&request.body)
            logger.debug("KMS request failed", metadata: [
                "kms.operation": "\(operation)",
                "kms.error": "\(type(of: error))",
                "kms.duration_ms": "\(Self.milliseconds(since: started))",
            ])
            throw error
        }
        KMSSecretBytes.wipe(&request.body)
        defer { KMSSecretBytes.wipe(&response.body) }
        let requestId = response.headers[first: "x-amzn-RequestId"]
        logger.debug("KMS response", metadata: [
            "kms.operation": "\(operation)",
            "kms.status": "\(response.status)",
            "kms.request_id": "\(requestId ?? "-")",
            "kms.duration_ms": "\(Self.milliseconds(since: started))",
        ])

        guard (200..<300).contains(response.status) else {
            // Never keep plaintext an error body might carry, not even in an excerpt.
            _ = try? PlaintextExtractor.extract(from: &response.body)
            throw KMSErrorDecoder.error(from: response, operation: operation)
        }
        do {
            return try decode(&response.body)
        } catch {
            throw KMSError(
                code: .invalidResponse,
                message: Self.explain(error),
                status: response.status,
                requestId: requestId,
                operation: operation,
                bodyExcerpt: KMSErrorDecoder.excerpt(response.body) ?? "")
        }
    }

    /// What a decode closure throws when a 2xx body lacks something; ``call(_:body:decode:)``
    /// turns it into ``KMSError/Code/invalidResponse`` with the status, request id and excerpt.
    struct ResponseProblem: Error {
        var message: String
    }

    /// The single place an attempt is made; the retry loop will wrap this call.
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
        for header in signature.headers {
            request.headers.replaceOrAdd(name: header.name, value: header.value)
        }
        request.headers.replaceOrAdd(name: "User-Agent", value: Self.userAgent)
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
        case let decoding as DecodingError:
            switch decoding {
            case .keyNotFound(let key, _):
                return "the response has no \(key.stringValue)"
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                return "the response has a field of the wrong type at \(path(context))"
            case .dataCorrupted(let context):
                return context.codingPath.isEmpty ? "the response is not valid JSON" : "the response has an invalid value at \(path(context))"
            @unknown default:
                return "the response is not the expected JSON"
            }
        case let problem as ResponseProblem:
            return problem.message
        case is PlaintextExtractor.Failure:
            return "the response's Plaintext is not valid base64"
        default:
            return "the response could not be decoded"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    }

    /// Decodes a JSON body with the settings KMS needs (dates as epoch seconds).
    static func decodeJSON<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws -> T {
        var data = Data(body)
        defer { data.withUnsafeMutableBytes { KMSSecretBytes.wipe($0) } }
        return try decoder.decode(type, from: data)
    }

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()
}
