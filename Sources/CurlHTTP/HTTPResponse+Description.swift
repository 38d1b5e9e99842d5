extension HTTPResponse: CustomStringConvertible, CustomDebugStringConvertible {
    /// `HTTPResponse(status: 200, headers: [...], 312-byte body)`: the body is left out (it may
    /// hold key material) and credential headers are redacted.
    public var description: String {
        "HTTPResponse(status: \(status), headers: \(headers), \(body.count)-byte body)"
    }

    /// Same as `description`: no body.
    public var debugDescription: String { description }
}
