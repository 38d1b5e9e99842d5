extension HTTPHeaders: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Names whose values are credentials, printed as `<redacted>`.
    /// (`x-amz-sso_bearer_token` carries an SSO access token, `x-aws-ec2-metadata-token` an
    /// instance metadata session token.)
    static let sensitiveNames = ["authorization", "proxy-authorization", "x-amz-security-token", "cookie", "set-cookie",
                                 "x-amz-sso_bearer_token", "x-aws-ec2-metadata-token"]

    /// The fields in order, `["Name": "value", …]`, with credential values (`Authorization`,
    /// `X-Amz-Security-Token`, cookies, …) redacted so headers can be logged.
    public var description: String {
        let shown = fields.map { field in
            let value = Self.sensitiveNames.contains { Self.equalNames($0, field.name) } ? "<redacted>" : "\"\(field.value)\""
            return "\"\(field.name)\": \(value)"
        }
        return "[" + shown.joined(separator: ", ") + "]"
    }

    /// Same as `description`: redacted.
    public var debugDescription: String { description }

    /// The fields as name → value, with the same values redacted as in `description`, so `dump`
    /// of a signed request shows no credentials.
    public var customMirror: Mirror {
        Mirror(self, children: fields.map { field in
            let redacted = Self.sensitiveNames.contains { Self.equalNames($0, field.name) }
            return (label: field.name as String?, value: (redacted ? "<redacted>" : field.value) as Any)
        }, displayStyle: .dictionary)
    }
}
