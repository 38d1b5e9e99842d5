import Foundation
import InMemoryTracing
import Logging
import MetricsTestKit
import Testing
import Tracing

@testable import KMS
import KMSTestSupport
import CurlHTTP

/// What a KMS call reports besides its answer: log lines on the call's logger, a client span
/// with its attributes, retry events and error, and Soto's counters and timer. Every backend
/// is given through the configuration, never bootstrapped for the process.
@Suite("KMSClient reports each call to its logger, tracer and metrics")
struct ObservabilityTests {
    /// The two dimensions every metric of `operation` carries.
    static func dimensions(_ operation: String) -> [(String, String)] {
        [("service", "KMS"), ("operation", operation)]
    }

    /// A replaying client whose spans go to `tracer` and metrics to `metrics`, with up to
    /// `maxAttempts` attempts that never sleep.
    func client(
        _ fixtures: [Fixture], tracer: InMemoryTracer? = nil, metrics: TestMetrics? = nil,
        logger: Logger? = nil, maxAttempts: Int = 1
    ) throws -> KMSClient {
        var config = try Fake.config()
        config.retry = RetryConfiguration(maxAttempts: maxAttempts)
        config.tracer = tracer
        config.metricsFactory = metrics
        let strategy = RetryStrategy(configuration: config.retry, sleep: { _ in }, random: { 0.5 })
        let transport = ReplayTransport(fixtures) { Issue.record(Comment(rawValue: $0)) }
        return KMSClient(config: config, transport: transport, logger: logger, retry: strategy)
    }

    func dataKey() throws -> Fixture { try fixture("GenerateDataKey/number-of-bytes-32") }
    func error(_ name: String) throws -> Fixture { try fixture("errors/json-namespaced/\(name)") }

    @Test("one client span per call, named after the operation, with the service, method, request id and status")
    func spanPerCall() async throws {
        let tracer = InMemoryTracer()
        let client = try client([try dataKey(), try fixture("Decrypt/simple")], tracer: tracer)
        _ = try await client.generateDataKey(id: "alias/fixture-key", size: 32)
        let spans = tracer.finishedSpans
        try #require(spans.count == 1)
        let span = spans[0]
        #expect(span.operationName == "KMS.GenerateDataKey")
        #expect(span.kind == .client)
        #expect(span.attributes.get("rpc.system") == .string("aws-api"))
        #expect(span.attributes.get("rpc.service") == .string("KMS"))
        #expect(span.attributes.get("rpc.method") == .string("GenerateDataKey"))
        #expect(span.attributes.get("aws.request_id") == .string("gdk-32"))
        #expect(span.attributes.get("http.response.status_code") == .int64(200))
        #expect(span.attributes.get("http.request.resend_count") == nil)
        #expect(span.events.isEmpty)
        #expect(span.errors.isEmpty)
        #expect(span.status?.code != .error)
        #expect(tracer.activeSpans.isEmpty)
    }

    @Test("a throttled attempt: one span, a retry event saying what failed before it, the final status and request id")
    func retryEvents() async throws {
        let tracer = InMemoryTracer()
        let client = try client([try error("ThrottlingException"), try dataKey()], tracer: tracer, maxAttempts: 3)
        _ = try await client.generateDataKey(id: "alias/fixture-key", size: 32)
        let spans = tracer.finishedSpans
        try #require(spans.count == 1)
        let span = spans[0]
        try #require(span.events.count == 1)
        let retry = span.events[0]
        #expect(retry.name == "retry")
        #expect(retry.attributes.get("aws.attempt") == .int64(2))
        #expect(retry.attributes.get("aws.previous_error") == .string("ThrottlingException"))
        #expect(retry.attributes.get("http.response.status_code") == .int64(400))
        #expect(span.attributes.get("http.request.resend_count") == .int64(1))
        #expect(span.attributes.get("http.response.status_code") == .int64(200))
        #expect(span.attributes.get("aws.request_id") == .string("gdk-32"))
        #expect(span.errors.isEmpty)
    }

    @Test("a failing call: the error the caller gets is recorded and the span's status is error")
    func errorRecorded() async throws {
        let tracer = InMemoryTracer()
        let client = try client([try error("NotFoundException")], tracer: tracer)
        let thrown = await kmsError { _ = try await client.generateDataKey(id: "alias/fixture-key", size: 32) }
        #expect(thrown?.code == .notFound)
        let span = try #require(tracer.finishedSpans.first)
        try #require(span.errors.count == 1)
        let recorded = try #require(span.errors[0].error as? KMSError)
        #expect(recorded.code == .notFound)
        #expect(recorded.requestId == thrown?.requestId)
        #expect(span.status?.code == .error)
        #expect(span.status?.message == "NotFoundException")
        #expect(span.attributes.get("http.response.status_code") == .int64(400))
        #expect(span.attributes.get("aws.request_id") == thrown?.requestId.map(SpanAttribute.string))
    }

    @Test("what runs inside the call (the transport) sees the KMS span as the current one")
    func spanIsCurrentInside() async throws {
        let tracer = InMemoryTracer()
        var config = try Fake.config()
        config.tracer = tracer
        let replay = ReplayTransport([try dataKey()]) { Issue.record(Comment(rawValue: $0)) }
        let client = KMSClient(config: config, transport: TracedTransport(tracer: tracer, inner: replay))
        _ = try await client.generateDataKey(id: "alias/fixture-key", size: 32)
        let spans = tracer.finishedSpans
        let kms = try #require(spans.first { $0.operationName == "KMS.GenerateDataKey" })
        let http = try #require(spans.first { $0.operationName == "POST" })
        #expect(http.parentSpanID == kms.spanID)
        #expect(http.traceID == kms.traceID)
    }

    @Test("Soto's metrics: requests, errors and duration per call, labelled with the service and operation")
    func metrics() async throws {
        let metrics = TestMetrics()
        let client = try client(
            [try dataKey(), try dataKey(), try error("NotFoundException"), try fixture("Decrypt/simple")],
            metrics: metrics)
        _ = try await client.generateDataKey(id: "alias/fixture-key", size: 32)
        _ = try await client.generateDataKey(id: "alias/fixture-key", size: 32)
        _ = await kmsError { _ = try await client.generateDataKey(id: "alias/fixture-key", size: 32) }
        _ = try await client.decrypt(ciphertextBlob: try Self.blob(of: "Decrypt/simple"))

        let gdk = Self.dimensions("GenerateDataKey")
        #expect(try metrics.expectCounter("aws_requests_total", gdk).totalValue == 3)
        #expect(try metrics.expectCounter("aws_request_errors", gdk).totalValue == 1)
        #expect(try metrics.expectTimer("aws_request_duration", gdk).values.count == 3)
        #expect(try metrics.expectTimer("aws_request_duration", gdk).values.allSatisfy { $0 > 0 })

        let decrypt = Self.dimensions("Decrypt")
        #expect(try metrics.expectCounter("aws_requests_total", decrypt).totalValue == 1)
        #expect(try metrics.expectTimer("aws_request_duration", decrypt).values.count == 1)
        // An operation without errors has made no error counter at all, or one at zero.
        #expect(metrics.counterTotal(label: "aws_request_errors", dimensions: decrypt) == 0)
        // One series per metric and operation, whatever the number of calls.
        #expect(metrics.counters(label: "aws_requests_total").count == 2)
    }

    @Test("a call that is retried counts once, and its duration covers the retries")
    func retriedCallCountsOnce() async throws {
        let metrics = TestMetrics()
        let client = try client([try error("ThrottlingException"), try dataKey()], metrics: metrics, maxAttempts: 3)
        _ = try await client.generateDataKey(id: "alias/fixture-key", size: 32)
        let gdk = Self.dimensions("GenerateDataKey")
        #expect(try metrics.expectCounter("aws_requests_total", gdk).totalValue == 1)
        #expect(metrics.counterTotal(label: "aws_request_errors", dimensions: gdk) == 0)
        #expect(try metrics.expectTimer("aws_request_duration", gdk).values.count == 1)
    }

    @Test("the logger given to a call gets that call's lines (request id, operation, attempt, status); the client's gets none of them")
    func loggerPerCall() async throws {
        let clientLines = CapturingLogHandler()
        let callLines = CapturingLogHandler()
        let clientLogger = Logger(label: "client") { _ in clientLines }
        let callLogger = Logger(label: "call") { _ in callLines }
        let client = try client(
            [try error("ThrottlingException"), try dataKey(), try dataKey()], logger: clientLogger, maxAttempts: 3)

        _ = try await client.generateDataKey(id: "alias/fixture-key", size: 32, logger: callLogger)
        #expect(clientLines.lines.isEmpty)
        let lines = callLines.lines
        #expect(lines.contains {
            $0.contains("KMS response") && $0.contains("kms.attempt=1") && $0.contains("kms.status=400")
                && $0.contains("kms.request_id=err-ns-14") && $0.contains("kms.operation=GenerateDataKey")
        })
        #expect(lines.contains { $0.contains("KMS retry") && $0.contains("kms.attempt=2") && $0.contains("kms.previous_error=ThrottlingException") })
        #expect(lines.contains {
            $0.contains("KMS response") && $0.contains("kms.attempt=2") && $0.contains("kms.status=200") && $0.contains("kms.request_id=gdk-32")
        })

        // Without a logger, the call logs on the client's.
        _ = try await client.generateDataKey(id: "alias/fixture-key", size: 32)
        #expect(clientLines.lines.contains { $0.contains("KMS response") && $0.contains("kms.request_id=gdk-32") })
        #expect(callLines.lines.count == lines.count)
    }

    @Test("a failed call's last line on the call's logger names the error code, status and request id")
    func failureLine() async throws {
        let lines = CapturingLogHandler()
        let client = try client([try error("NotFoundException")])
        _ = await kmsError {
            _ = try await client.generateDataKey(
                id: "alias/fixture-key", numberOfBytes: 32, logger: Logger(label: "call") { _ in lines })
        }
        let last = try #require(lines.lines.last)
        #expect(last.contains("KMS request failed"))
        #expect(last.contains("kms.error=KMSError.notFound"))
        #expect(last.contains("kms.status=400"))
        #expect(last.contains("kms.request_id=err-ns-"))
    }

    @Test("pages of a listing log on the logger given to the listing")
    func pagesLogOnTheListingsLogger() async throws {
        let lines = CapturingLogHandler()
        let client = try client(try ["ListKeys/page-1", "ListKeys/page-2", "ListKeys/page-3"].map(fixture))
        var keys = 0
        for try await _ in client.keys(pageSize: 2, logger: Logger(label: "call") { _ in lines }) { keys += 1 }
        #expect(keys == 5)
        #expect(lines.lines.filter { $0.contains("KMS response") && $0.contains("kms.operation=ListKeys") }.count == 3)
    }

    @Test("a request id echoing a long session token stays out of the error, the log line and the span", arguments: [400, 200])
    func echoedLongToken(status: Int) async throws {
        let token = String(repeating: "LongFakeSessionToken/", count: 20)  // 420 characters
        #expect(token.count > 128)
        let tracer = InMemoryTracer()
        let lines = CapturingLogHandler()
        var config = try Fake.config(sessionToken: token)
        config.tracer = tracer
        let client = KMSClient(config: config, transport: EchoingTransport(status: status), logger: Logger(label: "c") { _ in lines })
        let thrown = await kmsError { _ = try await client.generateDataKey(id: "alias/fixture-key", size: 32) }
        #expect(thrown?.requestId == "<redacted>")
        let span = try #require(tracer.finishedSpans.first)
        #expect(span.attributes.get("aws.request_id") == .string("<redacted>"))
        let printed = lines.lines + ["\(String(describing: thrown))", "\(span.attributes)"] + span.errors.map { "\($0.error)" }
        let prefix = String(token.prefix(40))
        #expect(!printed.contains { $0.contains(prefix) })
    }

    @Test("nothing bootstrapped, or no-op backends given: the call path has nothing to report to")
    func offWithoutBackends() throws {
        let plain = try client([])
        #expect(plain.callPath.instrumentation.isOff)

        var config = try Fake.config()
        config.tracer = NoOpTracer()
        #expect(CallInstrumentation(config: config).isOff)

        config.tracer = InMemoryTracer()
        config.metricsFactory = TestMetrics()
        #expect(!CallInstrumentation(config: config).isOff)
        config.instrumentationDisabled = true
        #expect(CallInstrumentation(config: config).isOff)
    }

    /// The `CiphertextBlob` a Decrypt fixture sends.
    static func blob(of name: String) throws -> String {
        try #require(try fixture(name).request.body?["CiphertextBlob"]?.stringValue)
    }
}

/// A hostile server's trick: the request's session token sent back as the request id, with
/// `status` and a body that is no KMS answer.
private struct EchoingTransport: HTTPTransport {
    let status: Int

    func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        HTTPResponse(
            status: status,
            headers: ["x-amzn-RequestId": request.headers[first: "X-Amz-Security-Token"] ?? "-"],
            body: Array(#"{"__type":"SomethingWrong","message":"no"}"#.utf8))
    }
}

/// A transport that traces each request as an app's instrumented HTTP client would: a span
/// started in the current context (so a child of whatever span is current), around `inner`.
private struct TracedTransport: HTTPTransport {
    let tracer: InMemoryTracer
    let inner: any HTTPTransport

    func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let span = tracer.startSpan(request.method, ofKind: .client)
        defer { span.end() }
        return try await inner.execute(request)
    }
}
