import AWSEncryptionSDK
import FuzzSupport

// Feeds arbitrary bytes as an Encryption SDK message to `EncryptionSDKClient.decrypt` with the
// raw AES keyring the seed messages were made with (scripts/esdk/make_kat.py: namespace
// "swift-kms-tests", key "kat-key", the bytes 0...31), under the policy that allows every
// suite and under the default one. The seeds are real messages of every suite, so the fuzzer
// starts inside the format: header fields, encrypted data keys, frames, footers.
//
// Properties checked on every input, beyond "no trap, no sanitizer report, no hang":
//   - decrypting is deterministic: the same bytes give the same plaintext or the same error;
//   - the default policy never accepts what the permissive one refuses, and where both accept
//     they agree;
//   - an accepted message decrypts to a plaintext no longer than the message.

private let keyring = try! RawAESKeyring(keyNamespace: "swift-kms-tests", keyName: "kat-key", wrappingKey: Array(0..<32))
private let permissive = EncryptionSDKClient(commitmentPolicy: .forbidEncryptAllowDecrypt)
private let strict = EncryptionSDKClient()

private enum Outcome: Equatable {
    case plaintext([UInt8], [String: String])
    case refused(String)
}

private func outcome(_ client: EncryptionSDKClient, _ message: [UInt8]) -> Outcome {
    runBlocking {
        do {
            let result = try await client.decrypt(ciphertext: message, keyring: keyring)
            return .plaintext(result.plaintext, result.encryptionContext)
        } catch let error as EncryptionSDKError {
            return .refused("\(error.code)")
        } catch {
            return .refused("other: \(type(of: error))")
        }
    }
}

/// libFuzzer's test-one-input function for this target: one input, one run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEncryptionSDK(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let message = input.rest()
    let first = outcome(permissive, message)
    invariant(outcome(permissive, message) == first, "decrypting the same bytes twice differs")
    let underDefault = outcome(strict, message)
    if case .plaintext(let plaintext, _) = first {
        invariant(plaintext.count <= message.count, "a plaintext longer than its message")
        if case .plaintext = underDefault { invariant(underDefault == first, "the two policies disagree on a message both accept") }
    } else {
        if case .plaintext = underDefault { invariant(false, "the default policy accepts what the permissive one refuses") }
    }
    return 0
}
