import Foundation
import Testing

@testable import AWSSigV4

@Suite("Signing keys and libcrypto")
struct SigningKeyCacheTests {
    @Test("HMAC-SHA256 matches RFC 4231 test case 2, on fresh and reused contexts")
    func hmacKnownAnswer() {
        let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        let context = CryptoContext()
        for _ in 0..<3 {
            let mac = UTF8Bytes.with("Jefe") { key in
                UTF8Bytes.with("what do ya want for nothing?") { context.hmac(key: key, data: $0) }
            }
            #expect(mac.hexString == expected)
        }
    }

    @Test("a 32-byte key reused on a context gives what a fresh key gives")
    func keyReuse() {
        let keyA = SHA256Digest(bytes: (0..<32).map { UInt8($0) })
        let keyB = SHA256Digest(bytes: (0..<32).map { UInt8(255 - $0) })
        let fresh = { (key: SHA256Digest, message: String) -> SHA256Digest in
            key.withUnsafeBytes { raw in UTF8Bytes.with(message) { CryptoContext().hmac(key: raw, data: $0) } }
        }
        let context = CryptoContext()
        for (key, message) in [(keyA, "one"), (keyA, "two"), (keyB, "three"), (keyA, "four"), (keyA, "")] {
            let reused = UTF8Bytes.with(message) { context.hmac(key: key, data: $0) }
            #expect(reused == fresh(key, message), "\(message)")
        }
    }

    @Test("SHA-256 matches FIPS 180-2 on a reused context")
    func sha256KnownAnswer() {
        let context = CryptoContext()
        #expect(context.sha256(Array("abc".utf8)).hexString == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(context.sha256([]).hexString == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            context.sha256(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)).hexString
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        )
    }

    @Test("the signing key is the one AWS's documentation derives")
    func documentedDerivation() {
        let key = SigningKeyCache.derive(
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", dateStamp: "20120215",
            region: "us-east-1", service: "iam", context: CryptoContext()
        )
        #expect(key.hexString == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    @Test("a key is derived once per secret and day, then reused")
    func reuse() {
        let signer = SigV4Signer(region: "eu-west-1", service: "kms")
        let day = 86_400.0
        let first = signer.sign(TestFixtures.kmsRequest(), credentials: TestFixtures.credentials, date: TestFixtures.date)
        for second in 1...50 {
            _ = signer.sign(TestFixtures.kmsRequest(), credentials: TestFixtures.credentials, date: TestFixtures.date + Double(second))
        }
        #expect(signer.keyCache.derivationCount == 1)

        _ = signer.sign(TestFixtures.kmsRequest(), credentials: TestFixtures.credentials, date: TestFixtures.date + day)
        #expect(signer.keyCache.derivationCount == 2)
        _ = signer.sign(TestFixtures.kmsRequest(), credentials: TestFixtures.temporaryCredentials, date: TestFixtures.date)
        #expect(signer.keyCache.derivationCount == 3)

        // Back to the first: cached, and the same signature as the first time.
        let again = signer.sign(TestFixtures.kmsRequest(), credentials: TestFixtures.credentials, date: TestFixtures.date)
        #expect(signer.keyCache.derivationCount == 3)
        #expect(again.signature == first.signature)
    }

    @Test("secrets are told apart by their bytes, not by Unicode equivalence")
    func secretsAsBytes() {
        let cache = SigningKeyCache(region: "eu-west-1", service: "kms")
        let context = CryptoContext()
        let date = AmzDate(epochSeconds: 1_764_063_000)
        let composed = cache.signingKey(secretAccessKey: "s\u{E9}cret", date: date, context: context)
        let decomposed = cache.signingKey(secretAccessKey: "se\u{301}cret", date: date, context: context)
        #expect(composed != decomposed)
        #expect(cache.derivationCount == 2)
    }

    @Test("a full cache drops its oldest key, which is derived again when needed")
    func eviction() {
        let cache = SigningKeyCache(region: "eu-west-1", service: "kms", capacity: 2)
        let context = CryptoContext()
        let days = (0..<3).map { AmzDate(epochSeconds: 1_764_063_000 + $0 * 86_400) }
        let keys = days.map { cache.signingKey(secretAccessKey: "secret", date: $0, context: context) }
        #expect(cache.derivationCount == 3)
        #expect(Set(keys.map(\.hexString)).count == 3)
        #expect(cache.signingKey(secretAccessKey: "secret", date: days[2], context: context) == keys[2])
        #expect(cache.derivationCount == 3)
        #expect(cache.signingKey(secretAccessKey: "secret", date: days[0], context: context) == keys[0])
        #expect(cache.derivationCount == 4)
    }
}
