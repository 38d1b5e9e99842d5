/// A complete HTTP response: status, headers and the whole body.
public struct HTTPResponse: Sendable {
    /// The status code of the final response (`200`, `404`, …).
    public var status: Int
    /// Header fields of the final response, in the order received.
    public var headers: HTTPHeaders
    /// The body, decoded from any transfer encoding.
    public var body: [UInt8]

    /// Creates a response, e.g. for a test transport.
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
