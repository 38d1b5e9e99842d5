import Foundation
import Testing
@testable import CurlHTTP

extension CurlHTTPClientTests {
    /// `taskExecutor`: a task preferring it runs between requests on the client's curl thread.
    @Suite("The curl thread as a task executor")
    struct TaskExecutorPreference {
        /// The name (`comm`) of the thread running the caller.
        static func currentThreadName() -> String {
            ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "")
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }

        @Test("sequential requests from a task preferring taskExecutor: its code runs on the curl thread, answers are right")
        func sequentialRequestsStayOnTheCurlThread() async throws {
            try await withTestServer { server in
                try await CurlHTTPClient.with(.testing()) { client in
                    let names = try await withTaskExecutorPreference(client.taskExecutor) {
                        var names: [String] = []
                        for index in 0..<50 {
                            let body = Array("request \(index)".utf8)
                            let response = try await client.execute(HTTPRequest(method: "POST", url: server.url("/echo"), body: body))
                            #expect(response.status == 200)
                            #expect(response.body == body)
                            names.append(Self.currentThreadName())
                        }
                        return Set(names)
                    }
                    #expect(names == [client.loop.threadName])
                    // Without the preference the caller is back on a concurrency thread.
                    _ = try await client.execute(HTTPRequest(method: "POST", url: server.url("/echo"), body: [1]))
                    #expect(Self.currentThreadName() != client.loop.threadName)
                }
            }
        }

        @Test("shutdown from a task on the curl thread returns, and the task continues elsewhere")
        func shutdownFromTheCurlThread() async throws {
            try await withTestServer { server in
                let client = CurlHTTPClient(configuration: .testing())
                let threadName = client.loop.threadName
                let after = try await withTaskExecutorPreference(client.taskExecutor) {
                    let response = try await client.execute(HTTPRequest(method: "POST", url: server.url("/echo"), body: [1]))
                    #expect(response.status == 200)
                    #expect(Self.currentThreadName() == threadName)
                    await client.shutdown()
                    return Self.currentThreadName()
                }
                #expect(after != threadName)
                await #expect(throws: HTTPClientError.shutDown) {
                    try await client.execute(HTTPRequest(method: "POST", url: server.url("/echo"), body: [1]))
                }
            }
        }
    }
}
