import Foundation
import Testing

@testable import KMS
import KMSTestSupport
import CurlHTTP

@Suite("ReplayTransport refuses requests that differ from the fixture")
struct ReplayTransportTests {
    final class Problems: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        var all: [String] { lock.withLock { stored } }
        func add(_ problem: String) { lock.withLock { stored.append(problem) } }
    }

    func request(target: String = "TrentService.ListKeys", body: String = "{}") -> HTTPRequest {
        HTTPRequest(
            method: "POST", url: "http://127.0.0.1:4566/",
            headers: ["Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target, "Authorization": "ignored"],
            body: Array(body.utf8))
    }

    @Test("a matching request gets the fixture's response; key order and spacing do not matter")
    func match() async throws {
        let loaded = try fixture("ListKeys/page-2")
        let transport = ReplayTransport([loaded])
        let response = try await transport.execute(request(body: #"{ "Marker" : "marker-page-2", "Limit": 2 }"#))
        #expect(response.status == 200)
        #expect(response.headers[first: "x-amzn-RequestId"] == "page-2")
        #expect(response.body == loaded.response.bodyBytes)
        #expect(transport.remaining == 0)
        #expect(transport.mismatches.isEmpty)
    }

    @Test(
        "mismatches are reported and thrown",
        arguments: [
            ("TrentService.ListKeys", #"{"Limit":3,"Marker":"marker-page-2"}"#, "body"),
            ("TrentService.ListKeys", #"{"Limit":2}"#, "body"),
            ("TrentService.ListKeys", "not json", "not JSON"),
            ("TrentService.Decrypt", #"{"Limit":2,"Marker":"marker-page-2"}"#, "X-Amz-Target"),
        ])
    func mismatch(target: String, body: String, problem: String) async throws {
        let problems = Problems()
        let transport = ReplayTransport([try fixture("ListKeys/page-2")]) { problems.add($0) }
        await #expect(throws: ReplayTransport.Mismatch.self) { try await transport.execute(request(target: target, body: body)) }
        #expect(problems.all.count == 1)
        #expect(problems.all.first?.contains(problem) == true, "\(problems.all)")
        #expect(transport.mismatches == problems.all)
    }

    @Test("a request after the last fixture is unexpected")
    func unexpected() async throws {
        let problems = Problems()
        let transport = ReplayTransport([]) { problems.add($0) }
        await #expect(throws: ReplayTransport.Mismatch.self) { try await transport.execute(request()) }
        #expect(problems.all.first?.contains("unexpected request") == true)
        #expect(transport.requests.count == 1)
    }

    @Test("a fixture recorded from an exchange round-trips and leaves secrets out")
    func recordingRoundTrip() throws {
        var sent = request(target: "TrentService.GenerateDataKey", body: #"{"KeyId":"k","NumberOfBytes":32}"#)
        sent.headers.add(name: "X-Amz-Security-Token", value: Fake.sessionToken)
        sent.headers.add(name: "X-Amz-Date", value: "20240101T000000Z")
        let received = HTTPResponse(
            status: 200, headers: ["x-amzn-RequestId": "rid", "Date": "today", "Content-Type": "application/x-amz-json-1.1"],
            body: Array(#"{"KeyId":"k"}"#.utf8))
        let recorded = Fixture(recording: sent, response: received)
        #expect(recorded.operation == "GenerateDataKey")
        #expect(recorded.request.path == "/")
        #expect(recorded.request.headers == ["Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "TrentService.GenerateDataKey"])
        #expect(recorded.request.body == .object(["KeyId": .string("k"), "NumberOfBytes": .number(32)]))
        #expect(recorded.response.headers == ["x-amzn-RequestId": "rid", "Content-Type": "application/x-amz-json-1.1"])
        #expect(recorded.response.body == #"{"KeyId":"k"}"#)
        let text = String(decoding: try recorded.encoded(), as: UTF8.self)
        #expect(!text.contains(Fake.sessionToken))
        #expect(!text.contains("ignored"))
        #expect(try JSONDecoder().decode(Fixture.self, from: recorded.encoded()) == recorded)
        #expect(ReplayTransport.compare(sent, with: recorded) == nil)

        let binary = Fixture(recording: sent, response: HTTPResponse(status: 500, body: [0xFF, 0xFE, 0x00]))
        #expect(binary.response.body == nil)
        #expect(binary.response.bodyBase64 == "//4A")
        #expect(binary.response.bodyBytes == [0xFF, 0xFE, 0x00])
    }

    @Test("paths are taken from URLs", arguments: [
        ("http://127.0.0.1:4566/", "/"), ("https://kms.example.test", "/"), ("http://[::1]:80/a/b?x=1", "/a/b?x=1"),
        ("http://h?x=1", "/?x=1"),
    ])
    func paths(url: String, path: String) {
        #expect(Fixture.path(of: url) == path)
    }
}
