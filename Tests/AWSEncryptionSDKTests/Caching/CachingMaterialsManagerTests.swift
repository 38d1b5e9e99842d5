import AWSEncryptionSDK
import KMS
import KMSTestSupport
import Synchronization
import Testing

/// The caching materials manager keeps KMS calls few within the limits it is given; every
/// figure here is a count of calls the fake KMS saw.
@Suite("Caching materials manager: KMS calls counted")
struct CachingMaterialsManagerTests {
    let kilobyte = [UInt8](repeating: 0x5A, count: 1024)

    @Test("1,000 encrypts with one context and at most 100 messages per key make exactly 10 GenerateDataKey calls")
    func messageLimit() async throws {
        let kit = try CachingTestKit()
        let manager = CachingCryptographicMaterialsManager(
            keyring: kit.keyring, cache: LocalCryptographicMaterialsCache(capacity: 10), maxAge: .seconds(600),
            maxMessagesEncrypted: 100)
        for _ in 0..<1000 { _ = try await kit.encrypt(kilobyte, manager) }
        #expect(kit.generateCalls == 10)
    }

    @Test("a byte limit of 10,000 with 1,000-byte messages lets one key encrypt 10 of them: 100 messages, 10 calls")
    func byteLimit() async throws {
        let kit = try CachingTestKit()
        let manager = CachingCryptographicMaterialsManager(
            keyring: kit.keyring, cache: LocalCryptographicMaterialsCache(capacity: 10), maxAge: .seconds(600),
            maxBytesEncrypted: 10_000)
        let message = [UInt8](repeating: 1, count: 1000)
        for _ in 0..<100 { _ = try await kit.encrypt(message, manager) }
        #expect(kit.generateCalls == 10)
    }

    @Test("a plaintext at or above the byte limit is never cached")
    func atByteLimitNotCached() async throws {
        let kit = try CachingTestKit()
        let manager = CachingCryptographicMaterialsManager(
            keyring: kit.keyring, cache: LocalCryptographicMaterialsCache(capacity: 10), maxAge: .seconds(600),
            maxBytesEncrypted: 1024)
        for _ in 0..<5 { _ = try await kit.encrypt(kilobyte, manager) }
        #expect(kit.generateCalls == 5)
        for _ in 0..<10 { _ = try await kit.encrypt(Array(kilobyte.prefix(100)), manager) }
        #expect(kit.generateCalls == 6, "100-byte messages fit ten to a key: one more call, then reuse")
    }

    @Test("an entry is reused until max age has passed on the cache's clock, then a new key is made")
    func maxAge() async throws {
        let kit = try CachingTestKit()
        let clock = ManualClock()
        let manager = CachingCryptographicMaterialsManager(
            keyring: kit.keyring, cache: LocalCryptographicMaterialsCache(capacity: 10, clock: clock), maxAge: .seconds(60))
        _ = try await kit.encrypt(kilobyte, manager)
        clock.advance(by: .seconds(59))
        _ = try await kit.encrypt(kilobyte, manager)
        #expect(kit.generateCalls == 1)
        clock.advance(by: .seconds(1))
        _ = try await kit.encrypt(kilobyte, manager)
        #expect(kit.generateCalls == 2)
    }

    @Test("20 distinct encryption contexts make 20 calls, and repeating them makes none")
    func distinctContexts() async throws {
        let kit = try CachingTestKit()
        let manager = CachingCryptographicMaterialsManager(
            keyring: kit.keyring, cache: LocalCryptographicMaterialsCache(capacity: 50), maxAge: .seconds(600))
        for round in 0..<3 {
            for tenant in 0..<20 { _ = try await kit.encrypt(kilobyte, manager, context: ["tenant": "t\(tenant)"]) }
            #expect(kit.generateCalls == 20, "after round \(round)")
        }
    }

    @Test("capacity 5 with 6 contexts in turn evicts the least recently used: every use misses")
    func lruEviction() async throws {
        let kit = try CachingTestKit()
        let cache = LocalCryptographicMaterialsCache(capacity: 5)
        let manager = CachingCryptographicMaterialsManager(keyring: kit.keyring, cache: cache, maxAge: .seconds(600))
        for _ in 0..<2 {
            for tenant in 0..<6 { _ = try await kit.encrypt(kilobyte, manager, context: ["tenant": "t\(tenant)"]) }
        }
        #expect(kit.generateCalls == 12)
        #expect(cache.count == 5)
        // Using t1...t5 again (the five kept) costs nothing; t0 was the one dropped.
        for tenant in 1..<6 { _ = try await kit.encrypt(kilobyte, manager, context: ["tenant": "t\(tenant)"]) }
        #expect(kit.generateCalls == 12)
        _ = try await kit.encrypt(kilobyte, manager, context: ["tenant": "t0"])
        #expect(kit.generateCalls == 13)
    }

    @Test("64 tasks encrypting at once on a cold cache make one GenerateDataKey call")
    func singleFlight() async throws {
        let kit = try CachingTestKit(delay: .milliseconds(100))
        let manager = CachingCryptographicMaterialsManager(
            keyring: kit.keyring, cache: LocalCryptographicMaterialsCache(capacity: 10), maxAge: .seconds(600))
        let plaintext = kilobyte
        try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<64 { group.addTask { try await kit.encrypt(plaintext, manager) } }
            for try await message in group { #expect(message.count > plaintext.count) }
        }
        #expect(kit.generateCalls == 1)
    }

    @Test("concurrent misses never let one key encrypt more messages than the limit")
    func singleFlightWithinLimit() async throws {
        let kit = try CachingTestKit(delay: .milliseconds(50))
        let manager = CachingCryptographicMaterialsManager(
            keyring: kit.keyring, cache: LocalCryptographicMaterialsCache(capacity: 10), maxAge: .seconds(600),
            maxMessagesEncrypted: 10)
        let plaintext = kilobyte
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<64 { group.addTask { _ = try await kit.encrypt(plaintext, manager) } }
            try await group.waitForAll()
        }
        #expect(kit.generateCalls == 7, "64 messages at 10 per key")
    }

    @Test("a failing KMS call reaches every waiting task, is not cached, and the next call tries again")
    func failureNotCached() async throws {
        let kit = try CachingTestKit(delay: .milliseconds(50))
        let manager = CachingCryptographicMaterialsManager(
            keyring: kit.keyring, cache: LocalCryptographicMaterialsCache(capacity: 10), maxAge: .seconds(600))
        kit.kms.failNext(1, with: .accessDenied)
        let plaintext = kilobyte
        let failures = FailureCount()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    do { _ = try await kit.encrypt(plaintext, manager) } catch { failures.add() }
                }
            }
        }
        #expect(failures.value == 16)
        #expect(kit.generateCalls == 1)
        _ = try await kit.encrypt(plaintext, manager)
        _ = try await kit.encrypt(plaintext, manager)
        #expect(kit.generateCalls == 2)
    }

    @Test("1,000 decrypts of messages that share a data key make one Decrypt call")
    func decryptShared() async throws {
        let kit = try CachingTestKit()
        let encryptManager = CachingCryptographicMaterialsManager(
            keyring: kit.keyring, cache: LocalCryptographicMaterialsCache(capacity: 10), maxAge: .seconds(600))
        var messages: [[UInt8]] = []
        for index in 0..<1000 { messages.append(try await kit.encrypt([UInt8(truncatingIfNeeded: index)], encryptManager)) }
        #expect(kit.generateCalls == 1)
        let decryptManager = CachingCryptographicMaterialsManager(
            keyring: kit.keyring, cache: LocalCryptographicMaterialsCache(capacity: 10), maxAge: .seconds(600))
        for (index, message) in messages.enumerated() {
            let result = try await kit.sdk.decrypt(ciphertext: message, materialsManager: decryptManager)
            #expect(result.plaintext == [UInt8(truncatingIfNeeded: index)])
        }
        #expect(kit.decryptCalls == 1)
    }

    @Test("decrypt entries expire with max age too")
    func decryptMaxAge() async throws {
        let kit = try CachingTestKit()
        let clock = ManualClock()
        let message = try await kit.encrypt(kilobyte, DefaultCryptographicMaterialsManager(keyring: kit.keyring))
        let manager = CachingCryptographicMaterialsManager(
            keyring: kit.keyring, cache: LocalCryptographicMaterialsCache(capacity: 10, clock: clock), maxAge: .seconds(30))
        _ = try await kit.sdk.decrypt(ciphertext: message, materialsManager: manager)
        _ = try await kit.sdk.decrypt(ciphertext: message, materialsManager: manager)
        #expect(kit.decryptCalls == 1)
        clock.advance(by: .seconds(30))
        _ = try await kit.sdk.decrypt(ciphertext: message, materialsManager: manager)
        #expect(kit.decryptCalls == 2)
    }

    @Test("managers sharing a cache share entries only with the same partition")
    func partitions() async throws {
        let kit = try CachingTestKit()
        let cache = LocalCryptographicMaterialsCache(capacity: 10)
        let a = CachingCryptographicMaterialsManager(keyring: kit.keyring, cache: cache, maxAge: .seconds(600), partition: "a")
        let alsoA = CachingCryptographicMaterialsManager(keyring: kit.keyring, cache: cache, maxAge: .seconds(600), partition: "a")
        let b = CachingCryptographicMaterialsManager(keyring: kit.keyring, cache: cache, maxAge: .seconds(600), partition: "b")
        let unnamed = CachingCryptographicMaterialsManager(keyring: kit.keyring, cache: cache, maxAge: .seconds(600))
        _ = try await kit.encrypt(kilobyte, a)
        _ = try await kit.encrypt(kilobyte, alsoA)
        #expect(kit.generateCalls == 1)
        _ = try await kit.encrypt(kilobyte, b)
        _ = try await kit.encrypt(kilobyte, unnamed)
        #expect(kit.generateCalls == 3)
    }

    @Test("suites without key derivation, and plaintexts of unknown length, bypass the cache")
    func bypass() async throws {
        let kit = try CachingTestKit()
        let manager = CachingCryptographicMaterialsManager(
            keyring: kit.keyring, cache: LocalCryptographicMaterialsCache(capacity: 10), maxAge: .seconds(600))
        let identity = EncryptionMaterialsRequest(
            encryptionContext: [:], algorithmSuite: .aes256GcmIv12Tag16NoKdf, commitmentPolicy: .forbidEncryptAllowDecrypt,
            maxPlaintextLength: 10)
        for _ in 0..<3 { _ = try await manager.getEncryptionMaterials(identity) }
        #expect(kit.generateCalls == 3)
        let request = EncryptionMaterialsRequest(
            encryptionContext: [:], algorithmSuite: .aes256GcmHkdfSha512CommitKey, commitmentPolicy: .requireEncryptRequireDecrypt,
            maxPlaintextLength: nil)
        _ = try await manager.getEncryptionMaterials(request)
        _ = try await manager.getEncryptionMaterials(request)
        #expect(kit.generateCalls == 5)
    }

    @Test("limits out of range fail every call with invalidParameter, before any KMS call")
    func invalidLimits() async throws {
        let kit = try CachingTestKit()
        let cache = LocalCryptographicMaterialsCache(capacity: 10)
        let managers = [
            CachingCryptographicMaterialsManager(keyring: kit.keyring, cache: cache, maxAge: .zero),
            CachingCryptographicMaterialsManager(keyring: kit.keyring, cache: cache, maxAge: .seconds(1), maxMessagesEncrypted: 0),
            CachingCryptographicMaterialsManager(keyring: kit.keyring, cache: cache, maxAge: .seconds(1), maxMessagesEncrypted: (1 << 32) + 1),
            CachingCryptographicMaterialsManager(keyring: kit.keyring, cache: cache, maxAge: .seconds(1), maxBytesEncrypted: -1),
        ]
        for manager in managers {
            await #expect { _ = try await kit.encrypt(kilobyte, manager) } throws: { error in
                (error as? EncryptionSDKError)?.code == .invalidParameter
            }
        }
        #expect(kit.generateCalls == 0)
    }

    @Test("descriptions show counts and limits, never key material")
    func descriptions() async throws {
        let kit = try CachingTestKit()
        let cache = LocalCryptographicMaterialsCache(capacity: 3)
        let manager = CachingCryptographicMaterialsManager(keyring: kit.keyring, cache: cache, maxAge: .seconds(600), partition: "p")
        _ = try await kit.encrypt(kilobyte, manager)
        _ = try await kit.encrypt(kilobyte, manager)
        #expect("\(cache)" == "LocalCryptographicMaterialsCache(capacity: 3, entries: 1, in flight: 0, hits: 1, loads: 1)")
        #expect("\(manager)".contains("partition: p"))
        #expect(!"\(manager)".contains("Plaintext"))
    }
}

/// Counts failures from many tasks.
private final class FailureCount: Sendable {
    private let count = Atomic<Int>(0)
    func add() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
