import Foundation
import Testing
@_spi(Testing) @testable import KMS
import CurlHTTP

/// A service error as a call path would throw it: the facts the classifier reads.
struct ServiceFailure: Error {
    let status: Int
    let code: String?
    var message: String? = nil
    var headers: HTTPHeaders = HTTPHeaders()
}

/// A fake KMS endpoint whose answers are scripted per attempt: throttling, 5xx, resets, skew.
final class ScriptedService: @unchecked Sendable {
    enum Step { case ok, fail(ServiceFailure), transport(HTTPClientError), cancel }
    private let lock = NSLock()
    private var steps: [Step]
    private(set) var attempts: [RetryAttempt] = []

    init(_ steps: [Step]) { self.steps = steps }

    /// One attempt: consumes the next scripted step (the last one repeats).
    func call(_ attempt: RetryAttempt) throws -> String {
        let step: Step = lock.withLock {
            attempts.append(attempt)
            return steps.count > 1 ? steps.removeFirst() : steps[0]
        }
        switch step {
        case .ok: return "ok"
        case .fail(let failure): throw failure
        case .transport(let error): throw error
        case .cancel: throw CancellationError()
        }
    }

    var attemptCount: Int { lock.withLock { attempts.count } }
}

/// Records sleeps instead of sleeping.
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Duration] = []
    var sleeps: [Duration] { lock.withLock { recorded } }
    func sleep(_ duration: Duration) async throws { lock.withLock { recorded.append(duration) } }
}

/// The classifier a call path would write: service failures by their facts, the rest by kind.
func classifyForTests(_ now: Date) -> (any Error) -> RetryDecision {
    { error in
        if let failure = error as? ServiceFailure {
            return RetryClassifier.classify(errorCode: failure.code, status: failure.status, message: failure.message, headers: failure.headers, now: now)
        }
        return RetryClassifier.classify(error)
    }
}

@Suite struct RetryStrategyTests {
    static let throttled = ServiceFailure(status: 400, code: "ThrottlingException")
    static let internalError = ServiceFailure(status: 500, code: "KMSInternalException")

    func strategy(_ configuration: RetryConfiguration = .standard, random: Double = 0.5, sleeper: SleepRecorder) -> RetryStrategy {
        RetryStrategy(configuration: configuration, sleep: { try await sleeper.sleep($0) }, random: { random })
    }

    @Test func succeedsAfterThrottlingWithinThreeAttempts() async throws {
        let sleeper = SleepRecorder()
        let service = ScriptedService([.fail(Self.throttled), .fail(Self.internalError), .ok])
        let value = try await strategy(sleeper: sleeper).run({ try service.call($0) }, classify: classifyForTests(Date()))
        #expect(value == "ok")
        #expect(service.attempts.map(\.number) == [1, 2, 3])
        // random 0.5: 0.5 × 1 s, then 0.5 × 2 s
        #expect(sleeper.sleeps == [.milliseconds(500), .seconds(1)])
    }

    @Test func givesUpAfterMaxAttemptsWithTheLastError() async {
        let sleeper = SleepRecorder()
        let service = ScriptedService([.fail(Self.internalError)])
        await #expect(throws: ServiceFailure.self) {
            try await strategy(sleeper: sleeper).run({ try service.call($0) }, classify: classifyForTests(Date()))
        }
        #expect(service.attemptCount == 3)
        #expect(sleeper.sleeps.count == 2)
    }

    @Test(arguments: [
        ServiceFailure(status: 400, code: "ValidationException"),
        ServiceFailure(status: 400, code: "NotFoundException"),
        ServiceFailure(status: 400, code: "AccessDeniedException"),
        ServiceFailure(status: 400, code: "InvalidSignatureException", message: "The request signature we calculated does not match"),
        ServiceFailure(status: 403, code: "SignatureDoesNotMatch"),
        ServiceFailure(status: 400, code: "IncorrectKeyException"),
        ServiceFailure(status: 400, code: "DisabledException"),
        ServiceFailure(status: 403, code: "RequestTimeTooSkewed"), // skewed, but no Date header to correct from
    ])
    func nonRetryableErrorsFailOnTheFirstAttempt(_ failure: ServiceFailure) async {
        let sleeper = SleepRecorder()
        let service = ScriptedService([.fail(failure), .ok])
        await #expect(throws: ServiceFailure.self) {
            try await strategy(sleeper: sleeper).run({ try service.call($0) }, classify: classifyForTests(Date()))
        }
        #expect(service.attemptCount == 1)
        #expect(sleeper.sleeps.isEmpty)
    }

    @Test func cancellationIsNeverRetried() async {
        let service = ScriptedService([.cancel, .ok])
        await #expect(throws: CancellationError.self) {
            try await strategy(sleeper: SleepRecorder()).run({ try service.call($0) }, classify: { _ in .transient })
        }
        #expect(service.attemptCount == 1)
    }

    @Test func transportErrorsRetryAndTimeoutsCostMore() async throws {
        let sleeper = SleepRecorder()
        let retry = strategy(sleeper: sleeper)
        let reset = ScriptedService([.transport(.connectionClosed), .ok])
        _ = try await retry.run({ try reset.call($0) }, classify: classifyForTests(Date()))
        #expect(reset.attemptCount == 2)
        // The 5 tokens of the retry came back with the success.
        #expect(retry.quota.available == 500)

        let timeout = ScriptedService([.transport(.timeout), .transport(.timeout)])
        await #expect(throws: HTTPClientError.timeout) {
            try await retry.run({ try timeout.call($0) }, classify: classifyForTests(Date()))
        }
        #expect(timeout.attemptCount == 3)
        #expect(retry.quota.available == 480) // two timeout retries, 10 each, never refunded

        let tls = ScriptedService([.transport(.tlsFailure), .ok])
        await #expect(throws: HTTPClientError.tlsFailure) {
            try await retry.run({ try tls.call($0) }, classify: classifyForTests(Date()))
        }
        #expect(tls.attemptCount == 1)
    }

    @Test(arguments: [0.0, 0.25, 0.999])
    func backoffStaysWithinFullJitterBoundsAndTheCap(_ random: Double) {
        let retry = strategy(random: random, sleeper: SleepRecorder())
        for attempt in 1...12 {
            let delay = retry.backoff(beforeRetry: attempt)
            let ceiling = min(pow(2.0, Double(attempt - 1)), 20.0)
            #expect(delay >= .zero)
            #expect(delay <= .seconds(20))
            #expect(delay.seconds <= ceiling + 0.001)
            #expect(abs(delay.seconds - min(random * pow(2.0, Double(attempt - 1)), 20)) < 0.002)
        }
    }

    @Test func quotaDrainsThenRefusesRetriesThenRefills() async throws {
        let sleeper = SleepRecorder()
        let configuration = RetryConfiguration(mode: .standard, maxAttempts: 3, quotaCapacity: 20)
        let retry = strategy(configuration, sleeper: sleeper)
        // Each failing call retries twice at 5 tokens: 20 → 10 → 0.
        for expected in [10, 0] {
            let service = ScriptedService([.fail(Self.internalError)])
            await #expect(throws: ServiceFailure.self) { try await retry.run({ try service.call($0) }, classify: classifyForTests(Date())) }
            #expect(service.attemptCount == 3)
            #expect(retry.quota.available == expected)
        }
        // Empty: the next failure is not retried at all.
        let starved = ScriptedService([.fail(Self.internalError), .ok])
        await #expect(throws: ServiceFailure.self) { try await retry.run({ try starved.call($0) }, classify: classifyForTests(Date())) }
        #expect(starved.attemptCount == 1)
        // Successes at once refill one token each.
        for _ in 0..<5 {
            _ = try await retry.run({ try ScriptedService([.ok]).call($0) }, classify: classifyForTests(Date()))
        }
        #expect(retry.quota.available == 5)
        // Enough for one retry again, and that retry's tokens come back when it succeeds.
        let recovers = ScriptedService([.fail(Self.throttled), .ok])
        _ = try await retry.run({ try recovers.call($0) }, classify: classifyForTests(Date()))
        #expect(recovers.attemptCount == 2)
        #expect(retry.quota.available == 5)
    }

    @Test func legacyModeHasNoQuotaAndFiveAttempts() async {
        let retry = strategy(RetryConfiguration(mode: .legacy, quotaCapacity: 0), sleeper: SleepRecorder())
        let service = ScriptedService([.fail(Self.throttled)])
        await #expect(throws: ServiceFailure.self) { try await retry.run({ try service.call($0) }, classify: classifyForTests(Date())) }
        #expect(service.attemptCount == 5)
    }

    @Test func retryAfterIsHonoured() async throws {
        let sleeper = SleepRecorder()
        let busy = ServiceFailure(status: 503, code: nil, headers: ["Retry-After": "7"])
        let service = ScriptedService([.fail(busy), .ok])
        _ = try await strategy(random: 0.01, sleeper: sleeper).run({ try service.call($0) }, classify: classifyForTests(Date()))
        #expect(sleeper.sleeps == [.seconds(7)])
    }

    @Test func retryAfterAsAnHTTPDate() {
        let now = Date(timeIntervalSince1970: 1_445_412_480) // Wed, 21 Oct 2015 07:28:00 GMT
        let decision = RetryClassifier.classify(status: 429, headers: ["Retry-After": "Wed, 21 Oct 2015 07:28:12 GMT"], now: now)
        #expect(decision.kind == .throttling)
        #expect(decision.retryAfter == .seconds(12))
    }

    @Test func aRetryAfterBeyondTheCapEndsTheRetries() async {
        let sleeper = SleepRecorder()
        let service = ScriptedService([.fail(ServiceFailure(status: 429, code: "TooManyRequestsException", headers: ["Retry-After": "3600"])), .ok])
        await #expect(throws: ServiceFailure.self) {
            try await strategy(sleeper: sleeper).run({ try service.call($0) }, classify: classifyForTests(Date()))
        }
        #expect(service.attemptCount == 1)
        #expect(sleeper.sleeps.isEmpty)
    }

    @Test func clockSkewIsCorrectedFromTheDateHeaderAndRetriedOnce() async throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let serverDate = "Tue, 14 Nov 2023 22:23:20 GMT" // now (22:13:20) + 600 s
        let skewed = ServiceFailure(status: 400, code: "InvalidSignatureException",
                                    message: "Signature expired: 20231114T221320Z is now earlier than 20231114T222320Z (20231114T222820Z - 5 min.)",
                                    headers: ["Date": serverDate])
        let sleeper = SleepRecorder()
        let retry = strategy(sleeper: sleeper)
        let service = ScriptedService([.fail(skewed), .ok])
        _ = try await retry.run({ try service.call($0) }, classify: classifyForTests(now))
        #expect(service.attempts.map(\.clockOffset) == [.zero, .seconds(600)])
        #expect(sleeper.sleeps.isEmpty)
        // Later calls start with the correction.
        let later = ScriptedService([.ok])
        _ = try await retry.run({ try later.call($0) }, classify: classifyForTests(now))
        #expect(later.attempts.first?.clockOffset == .seconds(600))
        // A second skew error in the same call is final.
        let stubborn = ScriptedService([.fail(skewed)])
        await #expect(throws: ServiceFailure.self) { try await retry.run({ try stubborn.call($0) }, classify: classifyForTests(now)) }
        #expect(stubborn.attemptCount == 2)
    }

    @Test func attemptsAreNumberedFromOne() async throws {
        let seen = Counter()
        let value = try await strategy(sleeper: SleepRecorder()).run({ attempt in
            _ = seen.next()
            if attempt.number < 2 { throw HTTPClientError.connectionRefused }
            return attempt.number
        }, classify: RetryClassifier.classify)
        #expect(value == 2)
        #expect(seen.value == 2)
    }
}

@Suite struct RetryClassifierTests {
    @Test(arguments: Array(RetryClassifier.throttlingCodes).sorted())
    func throttlingCodes(_ code: String) {
        #expect(RetryClassifier.classify(errorCode: code, status: 400).kind == .throttling)
        #expect(RetryClassifier.classify(errorCode: "com.amazon.coral.service#" + code, status: 400).kind == .throttling)
    }

    @Test(arguments: ["RequestTimeout", "RequestTimeoutException", "KMSInternalException", "DependencyTimeoutException", "KeyUnavailableException"])
    func transientCodes(_ code: String) {
        #expect(RetryClassifier.classify(errorCode: code, status: 400).kind == .transient)
    }

    @Test(arguments: [500, 502, 503, 504])
    func transientStatuses(_ status: Int) {
        #expect(RetryClassifier.classify(status: status).kind == .transient)
    }

    @Test(arguments: [400, 401, 403, 404, 409, 501])
    func otherStatusesAreFinal(_ status: Int) {
        #expect(RetryClassifier.classify(status: status).kind == .doNotRetry)
    }

    @Test func transportKinds() {
        #expect(RetryClassifier.classify(transportError: .timeout) == .timeout)
        for kind in [HTTPClientError.Code.connectionRefused, .connectionClosed, .hostNotFound, .transport] {
            #expect(RetryClassifier.classify(transportError: kind) == .transient)
        }
        for kind in [HTTPClientError.Code.tlsFailure, .responseTooLarge, .invalidRequest, .cancelled, .shutDown] {
            #expect(RetryClassifier.classify(transportError: kind) == .doNotRetry)
        }
        #expect(RetryClassifier.classify(CancellationError()) == .doNotRetry)
    }

    @Test(arguments: [
        ("RequestTimeTooSkewed", ""), ("RequestExpired", ""), ("RequestInTheFuture", ""),
        ("InvalidSignatureException", "Signature expired: 20150101T000000Z is now earlier than 20150101T000500Z"),
        ("SignatureDoesNotMatch", "Signature not yet current: 20150101T000000Z is still later than 20150101T000500Z"),
    ])
    func clockSkewNeedsADateHeader(_ code: String, _ message: String) {
        let now = Date(timeIntervalSince1970: 1_445_412_480)
        let withDate = RetryClassifier.classify(errorCode: code, status: 400, message: message, headers: ["Date": "Wed, 21 Oct 2015 07:23:00 GMT"], now: now)
        #expect(withDate.kind == .clockSkew)
        #expect(withDate.clockOffset == .seconds(-300))
        #expect(RetryClassifier.classify(errorCode: code, status: 400, message: message, now: now) == .doNotRetry)
    }

    @Test(arguments: ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "1994-11-06T08:49:37Z"])
    func httpDateForms(_ text: String) {
        #expect(HTTPDate.parse(text) == Date(timeIntervalSince1970: 784_111_777))
    }

    @Test(arguments: ["", "soon", "Sun, 99 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 99999999999999999 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT"])
    func badHTTPDatesAreRejected(_ text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }
}

@Suite struct RetryConfigurationTests {
    @Test func defaults() throws {
        let configuration = try RetryConfiguration.resolve(environment: [:], shared: SharedConfiguration())
        #expect(configuration.mode == .standard)
        #expect(configuration.maxAttempts == 3)
        #expect(configuration.maxBackoff == .seconds(20))
        #expect(configuration.quotaCapacity == 500)
    }

    @Test func environmentBeatsProfileAndExplicitBeatsBoth() throws {
        let shared = SharedConfiguration(configFile: SharedConfigFile.parse("[default]\nmax_attempts = 7\nretry_mode = legacy\n", kind: .config))
        let fromProfile = try RetryConfiguration.resolve(environment: [:], shared: shared)
        #expect(fromProfile.mode == .legacy && fromProfile.maxAttempts == 7)
        let fromEnvironment = try RetryConfiguration.resolve(environment: ["AWS_MAX_ATTEMPTS": "2", "AWS_RETRY_MODE": "adaptive"], shared: shared)
        #expect(fromEnvironment.mode == .adaptive && fromEnvironment.maxAttempts == 2)
        let explicit = try RetryConfiguration.resolve(mode: .standard, maxAttempts: 1, environment: ["AWS_MAX_ATTEMPTS": "2"], shared: shared)
        #expect(explicit.mode == .standard && explicit.maxAttempts == 1)
        let legacyDefault = try RetryConfiguration.resolve(environment: ["AWS_RETRY_MODE": "LEGACY"], shared: SharedConfiguration())
        #expect(legacyDefault.maxAttempts == 5)
    }

    @Test(arguments: [["AWS_MAX_ATTEMPTS": "0"], ["AWS_MAX_ATTEMPTS": "three"], ["AWS_RETRY_MODE": "aggressive"]])
    func badValuesAreErrors(_ environment: [String: String]) {
        #expect(throws: RetryConfigurationError.self) { try RetryConfiguration.resolve(environment: environment, shared: SharedConfiguration()) }
    }
}
