import Logging

extension KMSClient {
    /// One page of aliases (`ListAliases`).
    ///
    /// - Parameters:
    ///   - keyId: only the aliases of this key (id or ARN); nil for all of the account's.
    ///   - limit: the most aliases to return, 1…100; nil for the service's default (50).
    ///   - marker: the ``KMSAliasPage/nextMarker`` of the previous page; nil for the first page.
    ///   - logger: this call's log lines (request id, attempt, status); nil for the client's logger.
    public func listAliases(
        keyId: String? = nil, limit: Int? = nil, marker: String? = nil, logger: Logger? = nil
    ) async throws -> KMSAliasPage {
        let operation = "ListAliases"
        if let keyId { try KMSValidation.keyId(keyId, operation: operation) }
        if let limit, !(1...100).contains(limit) {
            throw KMSError.validation(operation, "Limit must be 1...100, got \(limit)")
        }
        try KMSValidation.marker(marker, operation: operation)
        var body = JSONBodyWriter()
        body.field("KeyId", keyId)
        body.field("Limit", limit)
        body.field("Marker", marker)
        return try await callPath.call(operation, body: body.finish(), logger: logger) { body in
            try KMSResponseDecoder.aliasPage(body)
        }
    }

    /// Every alias (of one key, or of the account), fetching as many pages as there are.
    ///
    /// - Parameters:
    ///   - keyId: only the aliases of this key (id or ARN); nil for every alias.
    ///   - logger: each page's log lines; nil for the client's logger.
    public func listAliases(keyId: String? = nil, logger: Logger? = nil) async throws -> [KMSAlias] {
        var all: [KMSAlias] = []
        for try await alias in aliases(keyId: keyId, logger: logger) { all.append(alias) }
        return all
    }

    /// All aliases as an async sequence that fetches the next page only when needed.
    ///
    /// - Parameters:
    ///   - keyId: only the aliases of this key (id or ARN); nil for every alias.
    ///   - pageSize: aliases per request, 1…100; nil for the service's default.
    ///   - logger: each page's log lines; nil for the client's logger.
    public func aliases(keyId: String? = nil, pageSize: Int? = nil, logger: Logger? = nil) -> KMSAliasSequence {
        KMSAliasSequence(client: self, keyId: keyId, pageSize: pageSize, logger: logger)
    }
}
