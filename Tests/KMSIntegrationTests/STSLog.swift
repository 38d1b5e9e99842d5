import Foundation
import KMS
import CurlHTTP

/// Notes the `RoleArn` of each STS `AssumeRole` request on its way through.
final class STSLog: HTTPTransport, @unchecked Sendable {
    private let base: any HTTPTransport
    private let lock = NSLock()
    private var seen: [String] = []

    init(wrapping base: any HTTPTransport) { self.base = base }

    /// The roles asked for, in order.
    var roleArns: [String] { lock.withLock { seen } }

    func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let form = String(decoding: request.body, as: UTF8.self)
        if form.contains("Action=AssumeRole&") {
            let pairs = form.split(separator: "&").map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
            if let role = pairs.first(where: { $0.first == "RoleArn" })?.last?.removingPercentEncoding {
                lock.withLock { seen.append(role) }
            }
        }
        return try await base.execute(request)
    }
}
