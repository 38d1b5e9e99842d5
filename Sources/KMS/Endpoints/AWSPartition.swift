/// An AWS partition: a group of regions sharing DNS suffixes (`aws`, `aws-cn`, `aws-us-gov`,
/// the ISO partitions, …), as botocore's `partitions.json` describes them.
///
/// Why a table of our own: the endpoint of a region is `kms.REGION.` + its partition's suffix,
/// so we need to know which partition a region is in, offline. The table is checked against
/// botocore by `Tests/KMSTests/Config/EndpointTableTests.swift`.
package struct AWSPartition: Sendable, Hashable {
    /// The partition's id, e.g. `aws-cn`.
    package let id: String
    /// DNS suffix of its regular endpoints, e.g. `amazonaws.com.cn`.
    package let dnsSuffix: String
    /// DNS suffix of its dual-stack (IPv4 and IPv6) endpoints, e.g. `api.aws`.
    package let dualStackDnsSuffix: String
    /// Whether FIPS endpoints exist in it.
    package let supportsFIPS: Bool
    /// Whether dual-stack endpoints exist in it.
    package let supportsDualStack: Bool
    /// The region names it lists explicitly.
    package let regions: Set<String>
    /// Its region pattern `^(p1|p2…)-\w+-\d+$`, as its list of leading parts.
    let regionPrefixes: [String]

    /// Every partition, in botocore's order (the first whose pattern matches wins).
    package static let all: [AWSPartition] = [
        AWSPartition(id: "aws", dnsSuffix: "amazonaws.com", dualStackDnsSuffix: "api.aws",
                     regions: ["af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
                               "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
                               "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "aws-global",
                               "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1",
                               "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1",
                               "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2"],
                     regionPrefixes: ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"]),
        AWSPartition(id: "aws-cn", dnsSuffix: "amazonaws.com.cn", dualStackDnsSuffix: "api.amazonwebservices.com.cn",
                     regions: ["aws-cn-global", "cn-north-1", "cn-northwest-1"], regionPrefixes: ["cn"]),
        AWSPartition(id: "aws-eusc", dnsSuffix: "amazonaws.eu", dualStackDnsSuffix: "api.amazonwebservices.eu",
                     regions: ["eusc-de-east-1"], regionPrefixes: ["eusc-de"]),
        AWSPartition(id: "aws-iso", dnsSuffix: "c2s.ic.gov", dualStackDnsSuffix: "api.aws.ic.gov",
                     regions: ["aws-iso-global", "us-iso-east-1", "us-iso-west-1"], regionPrefixes: ["us-iso"]),
        AWSPartition(id: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov", dualStackDnsSuffix: "api.aws.scloud",
                     regions: ["aws-iso-b-global", "us-isob-east-1", "us-isob-west-1"], regionPrefixes: ["us-isob"]),
        AWSPartition(id: "aws-iso-e", dnsSuffix: "cloud.adc-e.uk", dualStackDnsSuffix: "api.cloud-aws.adc-e.uk",
                     regions: ["aws-iso-e-global", "eu-isoe-west-1"], regionPrefixes: ["eu-isoe"]),
        AWSPartition(id: "aws-iso-f", dnsSuffix: "csp.hci.ic.gov", dualStackDnsSuffix: "api.aws.hci.ic.gov",
                     regions: ["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"], regionPrefixes: ["us-isof"]),
        AWSPartition(id: "aws-us-gov", dnsSuffix: "amazonaws.com", dualStackDnsSuffix: "api.aws",
                     regions: ["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"], regionPrefixes: ["us-gov"]),
    ]

    /// The standard partition, where regions that match nothing fall.
    package static var aws: AWSPartition { all[0] }

    private init(id: String, dnsSuffix: String, dualStackDnsSuffix: String, regions: Set<String>, regionPrefixes: [String]) {
        self.id = id
        self.dnsSuffix = dnsSuffix
        self.dualStackDnsSuffix = dualStackDnsSuffix
        self.supportsFIPS = true
        self.supportsDualStack = true
        self.regions = regions
        self.regionPrefixes = regionPrefixes
    }

    /// The partition of a region, as the ruleset's `aws.partition` finds it: a partition that
    /// lists the region, else the first whose pattern matches, else `aws`.
    package static func partition(for region: String) -> AWSPartition {
        if let listed = all.first(where: { $0.regions.contains(region) }) { return listed }
        if let matched = all.first(where: { $0.matches(region) }) { return matched }
        return aws
    }

    /// `^(prefix)-\w+-\d+$` for one of the partition's prefixes.
    func matches(_ region: String) -> Bool {
        regionPrefixes.contains { prefix in
            guard region.hasPrefix(prefix + "-") else { return false }
            let parts = region.dropFirst(prefix.count + 1).split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return false }
            return !parts[0].isEmpty && parts[0].utf8.allSatisfy(Self.isWordByte)
                && !parts[1].isEmpty && parts[1].utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
        }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95
    }

    /// A region name usable in a host name, as botocore checks it: 1–63 letters, digits and
    /// hyphens, not starting or ending with a hyphen, not all digits.
    package static func isValidRegionName(_ region: String) -> Bool {
        let bytes = Array(region.utf8)
        guard !bytes.isEmpty, bytes.count <= 63, bytes.first != 45, bytes.last != 45 else { return false }
        guard bytes.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 }) else { return false }
        return !bytes.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
