import Foundation
import Testing
@testable import KMS
import KMSTestSupport

/// The region from EC2 instance metadata, the SDKs' last resort, through `AWSConfig.resolve`.
@Suite struct InstanceMetadataRegionTests {
    @Test("with nothing naming a region, resolve asks instance metadata (IMDSv2) for it")
    func regionFromMetadata() async throws {
        let server = try await LoopbackCredentialServer.start(["--region", "ap-southeast-2"])
        defer { server.stop() }
        let environment = ["HOME": "/nonexistent", "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL,
                           "AWS_ACCESS_KEY_ID": "AKIDX", "AWS_SECRET_ACCESS_KEY": "s"]
        #expect(throws: AWSConfigError.missingRegion) { try AWSConfig.load(environment: environment) }
        let config = try await AWSConfig.resolve(environment: environment)
        #expect(config.region == "ap-southeast-2")
        #expect(config.endpoint.host == "kms.ap-southeast-2.amazonaws.com")
        let transport = loopbackTransport()
        #expect(try await server.count("region", using: transport) == 1)
        #expect(try await server.count("token", using: transport) == 1)

        // A region named anywhere else wins, and the metadata service is not asked.
        let named = try await AWSConfig.resolve(environment: environment.merging(["AWS_REGION": "eu-north-1"]) { $1 })
        #expect(named.region == "eu-north-1")
        #expect(try await server.count("region", using: transport) == 1)
        await transport.shutdown()
    }

    @Test("metadata disabled or unreachable: still a missingRegion error, within the metadata time limit")
    func noMetadata() async throws {
        let port = try LoopbackPort.closed()
        for environment in [["AWS_EC2_METADATA_DISABLED": "true"], ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:\(port)"]] {
            let started = ContinuousClock.now
            await #expect(throws: AWSConfigError.missingRegion) {
                try await AWSConfig.resolve(environment: environment.merging(["HOME": "/nonexistent"]) { $1 })
            }
            // Milliseconds alone; the bound only says it did not wait for a metadata timeout
            // chain (1 s per request), with room for a loaded 2-core machine running every suite.
            #expect(ContinuousClock.now - started < .seconds(15))
        }
    }
}
