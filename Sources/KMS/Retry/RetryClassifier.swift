#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CurlHTTP

/// Sorts failures into retry decisions the way the AWS SDKs' standard mode does, from plain
/// facts — the error code string, HTTP status, message, headers, transport error kind — so it
/// works for any service's error type.
package enum RetryClassifier {
    /// Codes that mean "slow down".
    package static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    /// Codes for failures that may pass, including KMS's own.
    package static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException",
        "KMSInternalException", "DependencyTimeoutException", "KeyUnavailableException",
        "InternalError", "InternalFailure", "ServiceUnavailable",
    ]
    /// HTTP statuses that may pass.
    package static let transientStatuses: Set<Int> = [500, 502, 503, 504]
    /// Codes that always mean our clock is off.
    package static let clockSkewCodes: Set<String> = ["RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture"]
    /// Codes that mean a clock problem only when the message says so (otherwise they are
    /// real signature errors, never retried).
    package static let signatureCodes: Set<String> = ["InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure"]
    /// Message fragments that turn a signature error into a clock-skew one.
    package static let clockSkewMessageFragments = ["signature expired", "signature not yet current", "signature is not yet current", "request has expired"]

    /// Classifies a service error answer or a transport failure.
    ///
    /// - Parameters:
    ///   - errorCode: the service's error code (`ThrottlingException`, without any `prefix#`).
    ///   - status: the HTTP status, when there was an answer.
    ///   - message: the service's error message, read only for clock-skew wording.
    ///   - headers: the answer's headers: `Retry-After`, and `Date` for the clock offset.
    ///   - transportError: the transport failure, when there was no answer.
    ///   - now: our clock, for the offset.
    package static func classify(errorCode: String? = nil, status: Int? = nil, message: String? = nil, headers: HTTPHeaders = HTTPHeaders(),
                                transportError: HTTPClientError.Code? = nil, now: Date = Date()) -> RetryDecision {
        if let transportError {
            switch transportError {
            case .timeout:
                return .timeout
            case .connectionRefused, .connectionClosed, .hostNotFound, .transport:
                return .transient
            case .tlsFailure, .responseTooLarge, .invalidRequest, .cancelled, .shutDown:
                return .doNotRetry
            default:
                return .doNotRetry
            }
        }
        let code = errorCode.map(stripNamespace)
        if let code {
            let skewByMessage = signatureCodes.contains(code) && mentionsClockSkew(message)
            if clockSkewCodes.contains(code) || skewByMessage {
                guard let offset = clockOffset(headers: headers, now: now) else { return .doNotRetry }
                return .clockSkew(offset: offset)
            }
        }
        var decision = RetryDecision.doNotRetry
        if let code, throttlingCodes.contains(code) {
            decision = .throttling
        } else if status == 429 {
            decision = .throttling
        } else if let code, transientCodes.contains(code) {
            decision = .transient
        } else if let status, transientStatuses.contains(status) {
            decision = .transient
        }
        if decision.isRetryable, let retryAfter = retryAfter(headers: headers, now: now) {
            decision.retryAfter = retryAfter
        }
        return decision
    }

    /// Classifies an error thrown below the service layer: cancellation never retries,
    /// `HTTPClientError` by its kind, anything else not at all.
    package static func classify(_ error: any Error) -> RetryDecision {
        if error is CancellationError { return .doNotRetry }
        if let error = error as? HTTPClientError { return classify(transportError: error.code) }
        return .doNotRetry
    }

    /// `com.amazon…#ThrottlingException` → `ThrottlingException`; also drops a `:…` suffix.
    static func stripNamespace(_ code: String) -> String {
        var code = Substring(code)
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        return String(code)
    }

    static func mentionsClockSkew(_ message: String?) -> Bool {
        guard let message = message?.lowercased() else { return false }
        return clockSkewMessageFragments.contains { message.contains($0) }
    }

    /// Server time (`Date` header) minus `now`, or `nil` without a readable header.
    package static func clockOffset(headers: HTTPHeaders, now: Date) -> Duration? {
        guard let text = headers[first: "Date"], let serverDate = HTTPDate.parse(text) else { return nil }
        let seconds = serverDate.timeIntervalSince(now)
        // Rounded up: the header has whole seconds, so the server is at least this far ahead,
        // and a retry signed at once must never fall in the second before the server's.
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }

    /// `Retry-After` as seconds or an HTTP date, never negative.
    package static func retryAfter(headers: HTTPHeaders, now: Date) -> Duration? {
        guard let text = headers[first: "Retry-After"]?.trimmingWhitespace(), !text.isEmpty else { return nil }
        if let seconds = Int(text) { return .seconds(max(0, seconds)) }
        if let date = HTTPDate.parse(text) {
            return .milliseconds(max(0, Int64((date.timeIntervalSince(now) * 1000).rounded())))
        }
        return nil
    }
}

/// Parses HTTP dates: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete RFC 850 and
/// asctime forms, and ISO 8601 (`2015-08-30T12:36:00Z`, which some servers send).
enum HTTPDate {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingWhitespace()
        if let iso = parseISO8601(trimmed) { return iso }
        let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        var day: Int?, month: Int?, year: Int?, time: String?
        if parts.count == 6, parts[5] == "GMT" {
            // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
            day = Int(parts[1]); month = monthIndex(parts[2]); year = Int(parts[3]); time = parts[4]
        } else if parts.count == 4, parts[3] == "GMT" {
            // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
            let dmy = parts[1].split(separator: "-").map(String.init)
            guard dmy.count == 3, let y = Int(dmy[2]) else { return nil }
            day = Int(dmy[0]); month = monthIndex(dmy[1]); year = y < 100 ? (y < 70 ? 2000 + y : 1900 + y) : y; time = parts[2]
        } else if parts.count == 5 {
            // asctime: Sun Nov  6 08:49:37 1994
            month = monthIndex(parts[1]); day = Int(parts[2]); time = parts[3]; year = Int(parts[4])
        }
        guard let day, let month, let year, let time else { return nil }
        let hms = time.split(separator: ":").compactMap { Int($0) }
        guard hms.count == 3, (1...9999).contains(year), (1...31).contains(day), (0...23).contains(hms[0]), (0...59).contains(hms[1]), (0...60).contains(hms[2]) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days) * 86400 + Double(hms[0] * 3600 + hms[1] * 60 + hms[2])
        return Date(timeIntervalSince1970: seconds)
    }

    static func monthIndex(_ name: String) -> Int? {
        months.firstIndex(of: name.lowercased()).map { $0 + 1 }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
