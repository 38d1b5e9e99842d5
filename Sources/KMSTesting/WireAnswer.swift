import Foundation
import CurlHTTP

/// KMS's HTTP answers: a JSON 1.1 body for success, `{"__type", "message"}` for an error, each
/// with a request id as KMS sends it.
enum WireAnswer {
    static func json(_ object: [String: Any]) -> HTTPResponse {
        response(200, object)
    }

    static func error(_ failure: InMemoryKMS.Failure) -> HTTPResponse {
        response(failure.status, ["__type": failure.code, "message": failure.message])
    }

    private static func response(_ status: Int, _ object: [String: Any]) -> HTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes, .sortedKeys])) ?? Data("{}".utf8)
        return HTTPResponse(
            status: status,
            headers: ["Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": UUID().uuidString.lowercased()],
            body: Array(data))
    }
}
