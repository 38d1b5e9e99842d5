extension HTTPRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `POST https://host/path (3 headers, 42-byte body)`: no query (it may hold a presigned
    /// signature or token), no header values, no body, so requests can be logged.
    public var description: String {
        let withoutQuery = url.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return "\(method) \(withoutQuery) (\(headers.count) headers, \(body.count)-byte body)"
    }

    /// Same as `description`: nothing secret.
    public var debugDescription: String { description }

    /// Method, URL without its query, redacted headers and the body's size: `dump` of a signed
    /// request shows neither its signature, its session token nor its body (which may carry
    /// plaintext).
    public var customMirror: Mirror {
        let withoutQuery = url.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return Mirror(self, children: ["method": method, "url": String(withoutQuery), "headers": headers,
                                       "body": "\(body.count) bytes"], displayStyle: .struct)
    }
}
