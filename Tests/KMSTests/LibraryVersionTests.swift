import Foundation
import Testing

@testable import KMS
import KMSTestSupport
import CurlHTTP

/// The release a request names: one constant, the same as the newest release in CHANGELOG.md,
/// sent in every request's `User-Agent`.
@Suite struct LibraryVersionTests {
    /// The newest `## [x.y.z]` heading of CHANGELOG.md (`[Unreleased]` is not a release).
    static func newestChangelogRelease() throws -> String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // LibraryVersionTests.swift, KMSTests, Tests
        let text = try String(contentsOf: url.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        let heading = text.split(separator: "\n").first { $0.hasPrefix("## [") && !$0.hasPrefix("## [Unreleased]") }
        let line = try #require(heading, "CHANGELOG.md has a release heading")
        return String(line.dropFirst(4).prefix { $0 != "]" })
    }

    @Test("libraryVersion is SemVer and is the newest release in CHANGELOG.md")
    func versionMatchesChangelog() throws {
        let parts = KMSClient.libraryVersion.split(separator: ".", omittingEmptySubsequences: false)
        #expect(parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) })
        #expect(KMSClient.libraryVersion == (try Self.newestChangelogRelease()))
    }

    @Test("a call sends exactly one User-Agent: swift-kms/<libraryVersion>")
    func userAgentOnTheWire() async throws {
        let (client, transport, _) = try replayClient("GenerateDataKey/number-of-bytes-32")
        _ = try await client.generateDataKey(id: "alias/fixture-key", size: 32)
        let request = try #require(transport.requests.first)
        #expect(request.headers["User-Agent"] == ["swift-kms/\(try Self.newestChangelogRelease())"])
        #expect(request.headers["User-Agent"] == ["swift-kms/\(KMSClient.libraryVersion)"])
    }
}
