extension HTTPResponse: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `HTTPResponse(status: 200, headers: [...], 312-byte body)`: the body is left out (it may
    /// hold key material) and credential headers are redacted.
    public var description: String {
        "HTTPResponse(status: \(status), headers: \(headers), \(body.count)-byte body)"
    }

    /// Same as `description`: no body.
    public var debugDescription: String { description }

    /// Status, redacted headers and the body's size: `dump` never shows the body's bytes.
    public var customMirror: Mirror {
        Mirror(self, children: ["status": status, "headers": headers, "body": "\(body.count) bytes"], displayStyle: .struct)
    }
}
