import Foundation
import Testing
@testable import KMS

/// Our KMS endpoint resolution against botocore's, case by case
/// (`scripts/gen_endpoint_table.py` wrote `Fixtures/config/endpoints.json`).
@Suite struct EndpointTableTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let region: String
        let useFIPS: Bool
        let useDualStack: Bool
        let endpoint: String?
        let signingRegion: String?
        let error: String?
        var testDescription: String { "\(region) fips=\(useFIPS) dualstack=\(useDualStack)" }
    }

    struct Table: Decodable {
        let botocore: String
        let cases: [Case]
    }

    static let table: Table = {
        let data = FileManager.default.contents(atPath: ConfigFixtures.path("endpoints.json")) ?? Data()
        return (try? JSONDecoder().decode(Table.self, from: data)) ?? Table(botocore: "missing", cases: [])
    }()

    @Test func theTableIsBigEnough() {
        #expect(Self.table.cases.count >= 20)
        #expect(Set(Self.table.cases.map(\.region)).count >= 20)
    }

    @Test(arguments: table.cases)
    func matchesBotocore(_ testCase: Case) {
        do {
            let endpoint = try KMSEndpointResolver.defaultEndpoint(region: testCase.region, useFIPS: testCase.useFIPS, useDualStack: testCase.useDualStack)
            #expect(testCase.error == nil, "botocore refuses this region but we resolved \(endpoint.url)")
            #expect(endpoint.url == testCase.endpoint)
            #expect(endpoint.signingRegion == testCase.signingRegion)
        } catch let error as EndpointResolutionError {
            #expect(testCase.error == "invalidRegion" && error == .invalidRegion, "unexpected \(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(arguments: [
        ("us-east-1", "aws"), ("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov"), ("us-iso-east-1", "aws-iso"),
        ("us-isob-east-1", "aws-iso-b"), ("eu-isoe-west-1", "aws-iso-e"), ("us-isof-south-1", "aws-iso-f"),
        ("eusc-de-east-1", "aws-eusc"), ("cn-south-9", "aws-cn"), ("us-gov-north-3", "aws-us-gov"), ("xx-yy-1", "aws"),
        ("aws-iso-b-global", "aws-iso-b"), ("us-iso-east-x", "aws"),
    ])
    func partitionOfARegion(_ region: String, _ partition: String) {
        #expect(AWSPartition.partition(for: region).id == partition)
    }
}
