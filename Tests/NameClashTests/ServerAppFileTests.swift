import AWSEncryptionSDK
import HTTPTypes
import KMS
import KMSTesting
import NameClashPeers
import Testing

// This file is what a Hummingbird or Vapor handler file looks like once it adds `import KMS`:
// swift-http-types' `HTTPRequest`, `HTTPResponse` and `HTTPFields` (Hummingbird re-exports
// them) and NIOHTTP1's / AsyncHTTPClient's `HTTPHeaders` and `HTTPClientError` (stand-ins in
// NameClashPeers) are all named unqualified. If KMS or AWSEncryptionSDK exported one of those
// names, this file would stop compiling with "'HTTPRequest' is ambiguous for type lookup".

/// A handler as an app writes it: the tenant comes from a request header, the data key is bound
/// to it through the encryption context, the key's ARN goes back in a response header.
private func issueDataKey(for request: HTTPRequest, kms: KMSClient, keyId: String) async throws -> (HTTPResponse, KMSDataKey) {
    guard let tenant = request.headerFields[HTTPField.Name("x-tenant")!] else {
        return (HTTPResponse(status: .badRequest), try await kms.generateDataKey(id: keyId))
    }
    let dataKey = try await kms.generateDataKey(id: keyId, keySpec: .aes256, encryptionContext: ["tenant": tenant])
    var fields = HTTPFields()
    fields[HTTPField.Name("x-kms-key")!] = dataKey.id
    return (HTTPResponse(status: .created, headerFields: fields), dataKey)
}

@Suite("A server app's file imports KMS beside swift-http-types, NIOHTTP1 and AsyncHTTPClient names")
struct ServerAppFileTests {
    let keyArn = InMemoryKMS.arn("1234abcd-12ab-34cd-56ef-1234567890ab")

    @Test("HTTPRequest, HTTPResponse and HTTPFields are swift-http-types' and a KMS call goes through them")
    func httpTypesBesideKMS() async throws {
        let kms = InMemoryKMS(keys: [keyArn])
        let client = try kms.client()
        let request = HTTPRequest(
            method: .post, scheme: "https", authority: "app.example", path: "/keys",
            headerFields: [HTTPField.Name("x-tenant")!: "42"])

        let (response, dataKey) = try await issueDataKey(for: request, kms: client, keyId: keyArn)

        #expect(response.status == .created)
        #expect(response.headerFields[HTTPField.Name("x-kms-key")!] == keyArn)
        let sent = try #require(kms.calls("GenerateDataKey").first)
        #expect(sent.encryptionContext == ["tenant": "42"])
        let again = try await client.decrypt(ciphertextBlob: dataKey.ciphertextBlob, encryptionContext: ["tenant": "42"])
        #expect(again.plaintext == dataKey.plaintext)
        #expect(dataKey.plaintextBytes.count == 32)
        await client.shutdown()
    }

    @Test("HTTPHeaders and HTTPClientError stay NIOHTTP1's and AsyncHTTPClient's; a KMS refusal is a KMSError")
    func nioAndAsyncHTTPClientNamesBesideKMS() async throws {
        let kms = InMemoryKMS(keys: [keyArn])
        kms.failNext(with: .error(status: 400, code: "DisabledException"))
        let client = try kms.client()
        var headers = HTTPHeaders()
        headers.add(name: "X-Tenant", value: "7")

        do {
            _ = try await client.generateDataKey(id: keyArn, keySpec: .aes256, encryptionContext: ["tenant": headers["x-tenant"][0]])
            Issue.record("the injected DisabledException was not thrown")
        } catch let error as HTTPClientError {
            Issue.record("a KMS refusal surfaced as the app's HTTPClientError: \(error)")
        } catch let error as KMSError {
            #expect(error.code == .disabled)
            #expect(error.status == 400)
        }
        #expect(HTTPClientError.remoteConnectionClosed.reason == "remote connection closed")
        #expect(kms.calls("GenerateDataKey").first?.encryptionContext == ["tenant": "7"])
        await client.shutdown()
    }

    @Test("the envelope layer in the same file: encrypt a request body under a KMS keyring, decrypt it")
    func envelopeBesideHTTPTypes() async throws {
        let kms = InMemoryKMS(keys: [keyArn])
        let client = try kms.client()
        let keyring = AWSKMSKeyring(client: client, generatorKeyId: keyArn)
        let request = HTTPRequest(method: .put, scheme: "https", authority: "app.example", path: "/records/9")
        let body = Array("record 9 of \(request.path ?? "")".utf8)

        let message = try await EncryptionSDKClient().encrypt(plaintext: body, keyring: keyring, encryptionContext: ["path": request.path ?? ""])
        let result = try await EncryptionSDKClient().decrypt(ciphertext: message, keyring: keyring)

        #expect(result.plaintext == body)
        #expect(result.encryptionContext["path"] == "/records/9")
        #expect(kms.count("GenerateDataKey") == 1 && kms.count("Decrypt") == 1)
        await client.shutdown()
    }
}
