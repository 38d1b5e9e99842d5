/// An AWS KMS ARN as the spec defines a valid one (`framework/aws-kms/aws-kms-key-arn.md`):
/// `arn:partition:kms:region:account:type/id`, type `key` or `alias`.
struct AWSKMSARN: Sendable, Equatable {
    var partition: String
    var region: String
    var account: String
    var resourceType: String
    var resourceId: String

    /// Parses `text`; nil when it is not a valid KMS ARN.
    init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, parts[2] == "kms",
              !parts[3].isEmpty, !parts[4].isEmpty
        else { return nil }
        let resource = parts[5].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard resource.count == 2, resource[0] == "key" || resource[0] == "alias", !resource[1].isEmpty else { return nil }
        partition = String(parts[1])
        region = String(parts[3])
        account = String(parts[4])
        resourceType = String(resource[0])
        resourceId = String(resource[1])
    }

    /// Whether this is a key ARN (not an alias ARN).
    var isKey: Bool { resourceType == "key" }
}
