import Logging
import CurlHTTP

/// Calls AWS KMS: lists keys, makes data keys, encrypts and decrypts.
///
/// Cheap to make and shared freely between tasks: it holds no mutable state of its own but its
/// count of calls in flight. Unless given a transport, it sends through the HTTP client shared by
/// every living `KMSClient` with the same HTTP settings (one libcurl thread and one connection
/// pool for all of them), so while one client lives, a client per request beside it costs no
/// thread and no new connection. Call ``shutdown()`` when done with it, or use
/// ``withKMSClient(config:transport:logger:isolation:_:)``, or (with the
/// `ServiceLifecycleSupport` trait) run it in a `ServiceGroup`.
///
/// Errors: ``KMSError`` for anything the service (or a stand-in) answered, for parameters
/// rejected before sending (``KMSError/Code/validation``) and for calls made after shutdown
/// (``KMSError/Code/clientShutDown``); `HTTPClientError` (module `CurlHTTP`, not re-exported)
/// when no answer came; `CancellationError` when the task was cancelled; and whatever the credential
/// provider throws.
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
    /// Counts calls in flight and turns new ones away after ``shutdown()``.
    let lifecycle: ClientLifecycle

    /// A client on the HTTP client shared by every living client with the configuration's HTTP
    /// settings (its timeouts, limits, CA bundle and proxy); made if there is none, and released
    /// (its thread ended) when the last client using it is gone.
    public convenience init(config: AWSConfig) {
        self.init(config: config, transport: nil, logger: nil)
    }

    /// A client that sends through `transport` (yours to shut down, after this client), or
    /// through the shared HTTP client for the configuration's HTTP settings when nil, and logs
    /// each call's operation, status, request id and duration on `logger` at debug level
    /// (nothing secret is ever logged), unless the call is given a logger of its own.
    ///
    /// For an HTTP client of its own, not shared with other clients, give one:
    /// `KMSClient(config: config, transport: CurlHTTPClient(configuration: config.httpConfiguration))`.
    public convenience init(config: AWSConfig, transport: (any HTTPTransport)?, logger: Logger? = nil) {
        self.init(config: config, transport: transport, logger: logger, retry: nil)
    }

    /// The designated initializer; tests give a ``RetryStrategy`` with an instant sleeper.
    init(config: AWSConfig, transport: (any HTTPTransport)?, logger: Logger?, retry: RetryStrategy?) {
        let lifecycle = ClientLifecycle()
        self.config = config
        self.lifecycle = lifecycle
        self.callPath = AWSJSONClient(
            config: config,
            transport: transport ?? SharedTransport.client(for: config.httpConfiguration),
            logger: logger ?? Logger(label: "kms", factory: { _ in SwiftLogNoOpLogHandler() }),
            retry: retry,
            lifecycle: lifecycle)
    }

    /// The thread of the client's libcurl transport as a `TaskExecutor`, for a task that makes
    /// one call after another: inside `withTaskExecutorPreference(kms.taskExecutor) { … }`
    /// signing, sending, waiting and decoding all run on that thread, with no hop between
    /// threads per call (about half the CPU per call). Nil when the client was given a
    /// transport of another kind. Not for many concurrent tasks: they would share one thread.
    public var taskExecutor: (any TaskExecutor)? {
        (callPath.transport as? CurlHTTPClient)?.taskExecutor
    }

    /// Shuts the client down gracefully: from now on its calls fail at once with
    /// ``KMSError/Code/clientShutDown`` (nothing is sent), and this waits for the calls already
    /// in flight to finish, retries included.
    ///
    /// The transport keeps running: the shared one serves other clients (and ends by itself once
    /// no client holds it), and one given at init is yours to shut down, after this returns. Cancelling the waiting task stops the wait,
    /// not the calls (the transport's timeouts bound them). Calling it again, or from several
    /// tasks, waits the same way.
    public func shutdown() async {
        lifecycle.beginShutdown()
        await lifecycle.waitForCallsInFlight()
    }
}
