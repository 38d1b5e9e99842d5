import Logging

extension KMSClient {
    /// Every KMS key in the account and region, fetching as many pages as there are.
    public func listKeys() async throws -> [KMSKey] {
        try await listKeys(logger: nil)
    }

    /// Every KMS key, logging each page's request on `logger`.
    ///
    /// - Parameter logger: each page's log lines (request id, attempt, status); nil for the
    ///   client's logger.
    public func listKeys(logger: Logger?) async throws -> [KMSKey] {
        var all: [KMSKey] = []
        for try await key in keys(logger: logger) {
            all.append(key)
        }
        return all
    }

    /// One page of keys (`ListKeys`).
    ///
    /// - Parameters:
    ///   - limit: the most keys to return, 1…1000; nil for the service's default (100).
    ///   - marker: the ``KMSKeyPage/nextMarker`` of the previous page; nil for the first page.
    ///   - logger: this call's log lines (request id, attempt, status); nil for the client's logger.
    public func listKeys(limit: Int? = nil, marker: String? = nil, logger: Logger? = nil) async throws -> KMSKeyPage {
        let operation = "ListKeys"
        try KMSValidation.limit(limit, operation: operation)
        try KMSValidation.marker(marker, operation: operation)
        var body = JSONBodyWriter()
        body.field("Limit", limit)
        body.field("Marker", marker)
        return try await callPath.call(operation, body: body.finish(), logger: logger) { body in
            try KMSResponseDecoder.keyPage(body)
        }
    }

    /// All keys as an async sequence that fetches the next page only when needed.
    ///
    /// - Parameters:
    ///   - pageSize: keys per request, 1…1000; nil for the service's default.
    ///   - logger: each page's log lines; nil for the client's logger.
    public func keys(pageSize: Int? = nil, logger: Logger? = nil) -> KMSKeySequence {
        KMSKeySequence(client: self, pageSize: pageSize, logger: logger)
    }

    /// What KMS knows about a key (`DescribeKey`).
    ///
    /// - Parameters:
    ///   - keyId: key id, key ARN, alias name (`alias/…`) or alias ARN.
    ///   - grantTokens: up to 10 grant tokens.
    ///   - logger: this call's log lines (request id, attempt, status); nil for the client's logger.
    public func describeKey(keyId: String, grantTokens: [String] = [], logger: Logger? = nil) async throws -> KMSKeyMetadata {
        let operation = "DescribeKey"
        try KMSValidation.keyId(keyId, operation: operation)
        try KMSValidation.grantTokens(grantTokens, operation: operation)
        var body = JSONBodyWriter()
        body.field("KeyId", keyId)
        body.field("GrantTokens", grantTokens)
        return try await callPath.call(operation, body: body.finish(), logger: logger) { body in
            try KMSResponseDecoder.keyMetadata(body)
        }
    }

    /// Creates a symmetric encryption key (`CreateKey`) and returns its metadata.
    ///
    /// - Parameters:
    ///   - description: a note stored with the key, up to 8192 characters.
    ///   - logger: this call's log lines (request id, attempt, status); nil for the client's logger.
    public func createKey(description: String? = nil, logger: Logger? = nil) async throws -> KMSKeyMetadata {
        let operation = "CreateKey"
        try KMSValidation.description(description, operation: operation)
        var body = JSONBodyWriter()
        body.field("Description", description)
        return try await callPath.call(operation, body: body.finish(), logger: logger) { body in
            try KMSResponseDecoder.keyMetadata(body)
        }
    }
}
