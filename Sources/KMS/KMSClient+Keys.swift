extension KMSClient {
    /// Every KMS key in the account and region, fetching as many pages as there are.
    public func listKeys() async throws -> [KMSKey] {
        var all: [KMSKey] = []
        for try await key in keys() {
            all.append(key)
        }
        return all
    }

    /// One page of keys (`ListKeys`).
    ///
    /// - Parameters:
    ///   - limit: the most keys to return, 1…1000; nil for the service's default (100).
    ///   - marker: the ``KMSKeyPage/nextMarker`` of the previous page; nil for the first page.
    public func listKeys(limit: Int? = nil, marker: String? = nil) async throws -> KMSKeyPage {
        let operation = "ListKeys"
        try KMSValidation.limit(limit, operation: operation)
        try KMSValidation.marker(marker, operation: operation)
        var body = JSONBodyWriter()
        body.field("Limit", limit)
        body.field("Marker", marker)
        return try await callPath.call(operation, body: body.finish()) { body in
            try KMSResponseDecoder.keyPage(body)
        }
    }

    /// All keys as an async sequence that fetches the next page only when needed.
    ///
    /// - Parameter pageSize: keys per request, 1…1000; nil for the service's default.
    public func keys(pageSize: Int? = nil) -> KMSKeySequence {
        KMSKeySequence(client: self, pageSize: pageSize)
    }

    /// What KMS knows about a key (`DescribeKey`).
    ///
    /// - Parameters:
    ///   - id: key id, key ARN, alias name (`alias/…`) or alias ARN.
    ///   - grantTokens: up to 10 grant tokens.
    public func describeKey(id: String, grantTokens: [String] = []) async throws -> KMSKeyMetadata {
        let operation = "DescribeKey"
        try KMSValidation.keyId(id, operation: operation)
        try KMSValidation.grantTokens(grantTokens, operation: operation)
        var body = JSONBodyWriter()
        body.field("KeyId", id)
        body.field("GrantTokens", grantTokens)
        return try await callPath.call(operation, body: body.finish()) { body in
            try KMSResponseDecoder.keyMetadata(body)
        }
    }

    /// Creates a symmetric encryption key (`CreateKey`) and returns its metadata.
    ///
    /// - Parameter description: a note stored with the key, up to 8192 characters.
    public func createKey(description: String? = nil) async throws -> KMSKeyMetadata {
        let operation = "CreateKey"
        try KMSValidation.description(description, operation: operation)
        var body = JSONBodyWriter()
        body.field("Description", description)
        return try await callPath.call(operation, body: body.finish()) { body in
            try KMSResponseDecoder.keyMetadata(body)
        }
    }
}
