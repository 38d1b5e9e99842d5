import Foundation
import Testing

@testable import AWSSigV4

@Suite("X-Amz-Date formatting")
struct AmzDateTests {
    /// The same instant formatted by Foundation's Gregorian calendar in UTC, an independent
    /// implementation to compare with.
    static func reference(_ seconds: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second],
            from: Date(timeIntervalSince1970: TimeInterval(seconds))
        )
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? -1)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(parts.year, 4) + pad(parts.month, 2) + pad(parts.day, 2) + "T"
            + pad(parts.hour, 2) + pad(parts.minute, 2) + pad(parts.second, 2) + "Z"
    }

    @Test("formats like the Gregorian calendar, every 13 hours from 1900 to 2200")
    func agreesWithCalendar() {
        let start = -2_208_988_800  // 1900-01-01
        let end = 7_258_118_400  // 2200-01-01
        var mismatches: [String] = []
        for seconds in stride(from: start, to: end, by: 13 * 3600 + 7) {
            let date = AmzDate(epochSeconds: seconds)
            let expected = Self.reference(seconds)
            if date.timestamp != expected { mismatches.append("\(seconds): \(date.timestamp) != \(expected)") }
            if date.dateStamp != String(expected.prefix(8)) { mismatches.append("\(seconds): stamp \(date.dateStamp)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test(
        "leap days and year boundaries",
        arguments: [
            ("2024-02-29T00:00:00Z", "20240229T000000Z"),  // leap year
            ("2023-02-28T23:59:59Z", "20230228T235959Z"),  // last day of a common February
            ("2000-02-29T12:00:00Z", "20000229T120000Z"),  // divisible by 400: leap
            ("1999-12-31T23:59:59Z", "19991231T235959Z"),
            ("2000-01-01T00:00:00Z", "20000101T000000Z"),
            ("1970-01-01T00:00:00Z", "19700101T000000Z"),
            ("2038-01-19T03:14:08Z", "20380119T031408Z"),  // past 32-bit time_t
        ]
    )
    func knownInstants(iso: String, expected: String) throws {
        let date = try #require(ISO8601DateFormatter().date(from: iso))
        let formatted = AmzDate(date)
        #expect(formatted.timestamp == expected)
        #expect(formatted.dateStamp == String(expected.prefix(8)))
    }

    @Test("1900 and 2100 are not leap years: February 28 is followed by March 1")
    func centuryYears() {
        // 1900-02-28 and 2100-02-28 at noon, plus one day.
        for noonOfFebruary28 in [-2_203_934_400, 4_107_499_200] {
            #expect(AmzDate(epochSeconds: noonOfFebruary28).dateStamp.hasSuffix("0228"))
            #expect(AmzDate(epochSeconds: noonOfFebruary28 + 86_400).dateStamp.hasSuffix("0301"))
        }
    }

    @Test("the day changes exactly at midnight UTC")
    func midnight() {
        let midnight = 1_764_028_800  // 2025-11-25T00:00:00Z
        #expect(AmzDate(epochSeconds: midnight - 1).timestamp == "20251124T235959Z")
        #expect(AmzDate(epochSeconds: midnight).timestamp == "20251125T000000Z")
        #expect(AmzDate(epochSeconds: midnight).day == AmzDate(epochSeconds: midnight - 1).day + 1)
        #expect(AmzDate(epochSeconds: midnight).day == midnight / 86_400)
    }

    @Test("fractions of a second are dropped, before 1970 too")
    func fractions() {
        #expect(AmzDate(Date(timeIntervalSince1970: 1_440_938_160.999)).timestamp == "20150830T123600Z")
        #expect(AmzDate(Date(timeIntervalSince1970: -0.5)).timestamp == "19691231T235959Z")
        #expect(AmzDate(Date(timeIntervalSince1970: -86_400.25)).timestamp == "19691230T235959Z")
    }

    @Test("times outside years 0000…9999 are clamped to them")
    func clamping() {
        #expect(AmzDate(Date.distantFuture).timestamp == "40010101T000000Z")  // in range
        #expect(AmzDate(Date(timeIntervalSince1970: 1e15)).timestamp == "99991231T235959Z")
        #expect(AmzDate(Date(timeIntervalSince1970: -1e15)).timestamp == "00000101T000000Z")
        #expect(AmzDate(Date(timeIntervalSince1970: .nan)).timestamp == "19700101T000000Z")
    }
}
