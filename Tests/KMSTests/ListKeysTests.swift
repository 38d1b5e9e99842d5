import Testing

@testable import KMS
import KMSTestSupport

@Suite("ListKeys: one page, every page, and an async sequence")
struct ListKeysTests {
    @Test("the documented example: seven keys on one page")
    func documented() async throws {
        let (client, transport, _) = try replayClient("ListKeys/documented")
        let keys = try await client.listKeys()
        expectWellFormedRequests(transport, operations: ["ListKeys"])
        #expect(sentBody(transport.requests[0]) == .object([:]))
        #expect(keys.count == 7)
        #expect(keys.first == KMSKey(
            keyId: "0d990263-018e-4e65-a703-eff731de951e",
            keyArn: "arn:aws:kms:us-east-2:111122223333:key/0d990263-018e-4e65-a703-eff731de951e"))
        for key in keys {
            #expect(key.keyArn.hasSuffix("key/\(key.keyId)"))
        }
    }

    @Test("moto's shape, with NextMarker null")
    func motoShape() async throws {
        let (client, transport, _) = try replayClient("ListKeys/moto-single-page")
        let page = try await client.listKeys(limit: nil, marker: nil)
        expectWellFormedRequests(transport, operations: ["ListKeys"])
        #expect(page.keys == [KMSKey(keyId: "0d990263-018e-4e65-a703-eff731de951e", keyArn: Fake.keyArn)])
        #expect(page.nextMarker == nil)
        #expect(page.truncated == false)
    }

    @Test("one page at a time with limit and marker")
    func singlePages() async throws {
        let fixtures = try ["ListKeys/page-1", "ListKeys/page-2"].map(fixture)
        let (client, transport) = try replayClient(fixtures)
        let first = try await client.listKeys(limit: 2)
        #expect(first.keys.map(\.keyId) == ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"])
        #expect(first.truncated)
        #expect(first.nextMarker == "marker-page-2")
        let second = try await client.listKeys(limit: 2, marker: first.nextMarker)
        #expect(second.nextMarker == "marker-page-3")
        expectWellFormedRequests(transport, operations: ["ListKeys", "ListKeys"])
        #expect(sentBody(transport.requests[0]) == .object(["Limit": .number(2)]))
        #expect(sentBody(transport.requests[1]) == .object(["Limit": .number(2), "Marker": .string("marker-page-2")]))
    }

    @Test("the async sequence walks three pages, passing each marker on")
    func sequenceOverThreePages() async throws {
        let fixtures = try ["ListKeys/page-1", "ListKeys/page-2", "ListKeys/page-3"].map(fixture)
        let (client, transport) = try replayClient(fixtures)
        var ids: [String] = []
        for try await key in client.keys(pageSize: 2) {
            ids.append(key.keyId)
        }
        #expect(ids == (1...5).map { "00000000-0000-4000-8000-00000000000\($0)" })
        expectWellFormedRequests(transport, operations: ["ListKeys", "ListKeys", "ListKeys"])
    }

    @Test("the async sequence fetches a page only when it is needed")
    func sequenceIsLazy() async throws {
        let fixtures = try ["ListKeys/page-1", "ListKeys/page-2", "ListKeys/page-3"].map(fixture)
        let (client, transport) = try replayClient(fixtures)
        var iterator = client.keys(pageSize: 2).makeAsyncIterator()
        _ = try await iterator.next()
        _ = try await iterator.next()
        #expect(transport.requests.count == 1)
        _ = try await iterator.next()
        #expect(transport.requests.count == 2)
    }

    @Test("an empty account gives an empty list")
    func empty() async throws {
        let (client, transport, _) = try replayClient("ListKeys/empty")
        #expect(try await client.listKeys().isEmpty)
        expectWellFormedRequests(transport, operations: ["ListKeys"])
    }

    @Test("Truncated without a NextMarker stops with invalidResponse instead of looping")
    func truncatedWithoutMarker() async throws {
        let (client, transport, _) = try replayClient("ListKeys/truncated-without-marker")
        let error = await kmsError { try await client.listKeys() }
        #expect(error?.code == .invalidResponse)
        #expect(error?.operation == "ListKeys")
        expectWellFormedRequests(transport, operations: ["ListKeys"])
    }

    @Test("a stale marker is a typed error")
    func invalidMarker() async throws {
        let (client, _, _) = try replayClient("ListKeys/invalid-marker")
        let error = await kmsError { try await client.listKeys(marker: "stale-marker") }
        #expect(error?.code == .invalidMarker)
        #expect(error?.status == 400)
    }

    @Test("Keys of the wrong type on 200 is invalidResponse with an excerpt")
    func wrongShape() async throws {
        let (client, _, _) = try replayClient("ListKeys/wrong-shape")
        let error = await kmsError { try await client.listKeys() }
        #expect(error?.code == .invalidResponse)
        #expect(error?.status == 200)
        #expect(error?.message.contains("Keys") == true)
        #expect(error?.bodyExcerpt == #"{"Keys": "not-a-list"}"#)
    }
}
