import Logging
import CurlHTTP

/// Calls AWS KMS: lists keys, makes data keys, encrypts and decrypts.
///
/// One client per configuration, shared freely between tasks: it holds no mutable state of its
/// own, and the HTTP client it creates keeps connections open for reuse. Call ``shutdown()``
/// when done with it.
///
/// Errors: ``KMSError`` for anything the service (or a stand-in) answered and for parameters
/// rejected before sending (``KMSError/Code/validation``); ``HTTPClientError`` (re-exported
/// unchanged from the transport) when no answer came; `CancellationError` when the task was
/// cancelled; and whatever the credential provider throws.
///
/// Observability, as Soto does it:
/// - Logs: each operation takes an optional `logger:`; that call's lines (operation, attempt,
///   status, request id, and at debug level durations) go to it, or to the client's logger
///   when it is nil. No line carries a secret.
/// - Traces: each call is a span named `KMS.<Operation>` (`KMS.GenerateDataKey`) of kind
///   `.client`, current for whatever runs inside it, with the attributes `rpc.system`
///   (`aws-api`), `rpc.service` (`KMS`), `rpc.method`, `aws.request_id` and
///   `http.response.status_code` (of the last attempt), `http.request.resend_count` after
///   retries, a `retry` event per retry (`aws.attempt`, `aws.previous_error`), and on failure
///   the error the caller gets, recorded, with an error status.
/// - Metrics: counters `aws_requests_total` and `aws_request_errors` (one per call, whatever
///   its retries) and the timer `aws_request_duration` (the whole call), with the dimensions
///   `service` (`KMS`) and `operation`.
///
/// Spans go to ``AWSConfig/tracer`` and metrics to ``AWSConfig/metricsFactory``, by default
/// the process-wide backends as bootstrapped when the client is created. With none
/// bootstrapped, a call skips spans and metrics altogether.
public final class KMSClient: Sendable {
    /// The configuration this client was built with.
    public let config: AWSConfig

    let callPath: AWSJSONClient
    /// The HTTP client this client created and therefore shuts down; nil for a given transport.
    private let ownedHTTPClient: CurlHTTPClient?

    /// A client with its own HTTP client, built from the configuration's timeouts and limits.
    public convenience init(config: AWSConfig) {
        self.init(config: config, transport: nil, logger: nil)
    }

    /// A client that sends through `transport` (yours to shut down), or through an HTTP client
    /// of its own when nil, and logs each call's operation, status, request id and duration on
    /// `logger` at debug level (nothing secret is ever logged), unless the call is given a
    /// logger of its own.
    public convenience init(config: AWSConfig, transport: (any HTTPTransport)?, logger: Logger? = nil) {
        self.init(config: config, transport: transport, logger: logger, retry: nil)
    }

    /// The designated initializer; tests give a ``RetryStrategy`` with an instant sleeper.
    init(config: AWSConfig, transport: (any HTTPTransport)?, logger: Logger?, retry: RetryStrategy?) {
        let ownedHTTPClient = transport == nil ? CurlHTTPClient(configuration: config.httpConfiguration) : nil
        self.config = config
        self.ownedHTTPClient = ownedHTTPClient
        self.callPath = AWSJSONClient(
            config: config,
            transport: transport ?? ownedHTTPClient!,
            logger: logger ?? Logger(label: "kms", factory: { _ in SwiftLogNoOpLogHandler() }),
            retry: retry)
    }

    /// Stops the HTTP client this client created (failing requests still in flight). A
    /// transport given at init is left alone.
    public func shutdown() async {
        await ownedHTTPClient?.shutdown()
    }
}
