import Foundation
import Testing

@testable import AWSSigV4

@Suite("Concurrent signing")
struct ConcurrencyTests {
    @Test("64 tasks signing KMS requests at once get exactly the sequential results")
    func sixtyFourTasks() async throws {
        let secrets = [
            TestFixtures.credentials, TestFixtures.temporaryCredentials,
            AWSCredentials(accessKeyId: "AKIDTHIRDEXAMPLE", secretAccessKey: "third/fake+secret"),
        ]
        // Three days and three secrets: nine keys, more than the cache keeps, so keys are
        // evicted and derived again while other tasks read them.
        let dates = (0..<3).map { TestFixtures.date + Double($0) * 86_400 + Double($0 * 7) }
        let operations = ["GenerateDataKey", "Decrypt", "ListKeys", "Encrypt"]
        struct Job: Sendable {
            var credentials: AWSCredentials
            var date: Date
            var request: SigV4Request
        }
        var jobs: [Job] = []
        for (index, credentials) in secrets.enumerated() {
            for date in dates {
                for operation in operations {
                    jobs.append(Job(
                        credentials: credentials, date: date,
                        request: TestFixtures.kmsRequest(operation, body: #"{"KeyId":"alias/k\#(index)"}"#)
                    ))
                }
            }
        }
        let jobsCopy = jobs

        // Sequential reference, from a signer of its own.
        let reference = SigV4Signer(region: "eu-west-1", service: "kms")
        let expected = jobs.map { job in
            let signed = reference.sign(job.request, credentials: job.credentials, date: job.date)
            return "\(signed.authorization ?? "")|\(signed.headers.map(\.value).joined(separator: "|"))"
        }

        let shared = SigV4Signer(region: "eu-west-1", service: "kms")
        let signaturesPerTask = 300
        let mismatches = await withTaskGroup(of: Int.self, returning: Int.self) { group in
            for task in 0..<64 {
                group.addTask {
                    var mismatches = 0
                    for iteration in 0..<signaturesPerTask {
                        let index = (task * 31 + iteration * 7) % jobsCopy.count
                        let job = jobsCopy[index]
                        let signed = shared.sign(job.request, credentials: job.credentials, date: job.date)
                        let got = "\(signed.authorization ?? "")|\(signed.headers.map(\.value).joined(separator: "|"))"
                        if got != expected[index] { mismatches += 1 }
                    }
                    return mismatches
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
        #expect(shared.keyCache.derivationCount >= 9)
    }
}
