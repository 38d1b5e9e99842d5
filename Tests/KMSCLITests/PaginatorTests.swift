import KMSCLI
import Testing

/// `--max-items`, `--page-size` and `--starting-token` over pages served by a closure.
@Suite("Pagination")
struct PaginatorTests {
    /// Ten items in pages of `size`, markers "m<start>".
    static func fetch(size: Int) -> (Int?, String?) async throws -> Paginator<Int>.Page {
        { _, marker in
            let start = marker.map { Int($0.dropFirst())! } ?? 0
            let end = min(start + size, 10)
            return .init(items: Array(start..<end), nextMarker: end < 10 ? "m\(end)" : nil, truncated: end < 10)
        }
    }

    @Test("without --max-items every page is fetched and merged")
    func all() async throws {
        let (items, token) = try await Paginator<Int>(maxItems: nil, pageSize: nil, start: nil).collect(Self.fetch(size: 3))
        #expect(items == Array(0..<10))
        #expect(token == nil)
    }

    @Test("--page-size is the limit of every request")
    func pageSize() async throws {
        var limits: [Int?] = []
        let (items, _) = try await Paginator<Int>(maxItems: nil, pageSize: 4, start: nil).collect { limit, marker in
            limits.append(limit)
            return try await Self.fetch(size: limit ?? 10)(limit, marker)
        }
        #expect(items == Array(0..<10))
        #expect(limits == [4, 4, 4])
    }

    @Test("--max-items stops inside a page; the token resumes exactly there, across pages")
    func resume() async throws {
        var seen: [Int] = []
        var start: PageToken?
        repeat {
            let (items, token) = try await Paginator<Int>(maxItems: 4, pageSize: nil, start: start).collect(Self.fetch(size: 3))
            seen += items
            start = try token.map { token throws(CLIUsageError) in try PageToken(token.text) }
        } while start != nil
        #expect(seen == Array(0..<10))
    }

    @Test("tokens read as the AWS CLI writes them: base64 of {\"Marker\": …, \"boto_truncate_amount\": n}")
    func tokenFormat() throws {
        #expect(PageToken(marker: nil, skip: 1).text == "eyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==")
        #expect(try PageToken("eyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==") == PageToken(marker: nil, skip: 1))
        #expect(throws: CLIUsageError.self) { try PageToken("not a token") }
    }

    @Test("a service that says Truncated without a new marker stops the walk")
    func stuck() async {
        await #expect(throws: Paginator<Int>.StuckError.self) {
            try await Paginator<Int>(maxItems: nil, pageSize: nil, start: nil).collect { _, _ in
                .init(items: [1], nextMarker: nil, truncated: true)
            }
        }
    }
}
