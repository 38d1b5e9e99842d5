#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A signing time in SigV4's two shapes: `X-Amz-Date` (`20150830T123600Z`) and the scope date
/// (`20150830`).
///
/// Formatted with integer arithmetic on epoch seconds (Howard Hinnant's civil-from-days), not
/// with `DateFormatter`: it is on the hot path of every request, and it must not depend on the
/// locale or the time zone of the process.
struct AmzDate: Sendable, Equatable {
    /// Seconds since 1970-01-01T00:00:00Z, clamped to years 0000…9999.
    let epochSeconds: Int
    /// Whole days since 1970-01-01 (UTC); a signing key is valid for one of these.
    let day: Int
    /// The 16 ASCII bytes of `timestamp`, held inline: a 16-byte `String` would be a heap
    /// allocation on every signature.
    private var timestampBytes: (UInt64, UInt64) = (0, 0)

    /// The length of `timestamp`.
    static let timestampCount = 16
    /// The length of `dateStamp`, the first bytes of `timestamp`.
    static let dateStampCount = 8

    /// `YYYYMMDD'T'HHMMSS'Z'`, the value of `X-Amz-Date`.
    var timestamp: String {
        withTimestamp { String(decoding: $0.assumingMemoryBound(to: UInt8.self), as: UTF8.self) }
    }

    /// `YYYYMMDD`, the first part of the credential scope.
    var dateStamp: String {
        withDateStamp { String(decoding: $0.assumingMemoryBound(to: UInt8.self), as: UTF8.self) }
    }

    /// Runs `body` with the 16 bytes of `timestamp`.
    @inline(__always)
    func withTimestamp<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeBytes(of: timestampBytes, body)
    }

    /// Runs `body` with the 8 bytes of `dateStamp`.
    @inline(__always)
    func withDateStamp<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withTimestamp { try body(UnsafeRawBufferPointer(rebasing: $0[0..<Self.dateStampCount])) }
    }

    static func == (lhs: AmzDate, rhs: AmzDate) -> Bool {
        lhs.epochSeconds == rhs.epochSeconds
    }

    /// The earliest time that formats with a four-digit year: 0000-01-01T00:00:00Z.
    static let earliestSeconds = -62_167_219_200
    /// The latest time that formats with a four-digit year: 9999-12-31T23:59:59Z.
    static let latestSeconds = 253_402_300_799

    /// The time `date` falls in, to the second (fractions are dropped, as every SDK does).
    /// Times outside years 0000…9999 are clamped to them.
    init(_ date: Date) {
        self.init(epochSeconds: Self.epochSeconds(date))
    }

    /// The whole seconds of `date` since 1970 (fractions dropped), clamped to years 0000…9999.
    static func epochSeconds(_ date: Date) -> Int {
        let seconds = date.timeIntervalSince1970
        if seconds.isNaN { return 0 }
        if seconds <= Double(earliestSeconds) { return earliestSeconds }
        if seconds >= Double(latestSeconds) { return latestSeconds }
        return Int(seconds.rounded(.down))
    }

    /// The time `epochSeconds` after 1970-01-01T00:00:00Z, clamped to years 0000…9999.
    init(epochSeconds: Int) {
        let seconds = min(max(epochSeconds, Self.earliestSeconds), Self.latestSeconds)
        let day = Self.floorDivide(seconds, 86_400)
        let secondOfDay = seconds - day * 86_400
        let (year, month, dayOfMonth) = Self.civil(fromDays: day)
        let hour = secondOfDay / 3600
        let minute = secondOfDay / 60 % 60
        let second = secondOfDay % 60

        self.epochSeconds = seconds
        self.day = day
        Swift.withUnsafeMutableBytes(of: &timestampBytes) { buffer in
            var index = 0
            func put(_ value: Int, digits: Int) {
                var value = value
                var position = index + digits - 1
                while position >= index {
                    buffer[position] = UInt8(truncatingIfNeeded: 0x30 + value % 10)
                    value /= 10
                    position -= 1
                }
                index += digits
            }
            put(year, digits: 4)
            put(month, digits: 2)
            put(dayOfMonth, digits: 2)
            buffer[index] = UInt8(ascii: "T")
            index += 1
            put(hour, digits: 2)
            put(minute, digits: 2)
            put(second, digits: 2)
            buffer[index] = UInt8(ascii: "Z")
        }
    }

    /// Division rounding toward negative infinity (times before 1970).
    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        let quotient = value / divisor
        return (value % divisor < 0) ? quotient - 1 : quotient
    }

    /// Year, month (1…12) and day (1…31) of the proleptic Gregorian calendar for a count of
    /// days since 1970-01-01.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097  // 0…146096
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365  // 0…399
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // 0…365, from March 1
        let monthFromMarch = (5 * dayOfYear + 2) / 153  // 0…11
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
