import FuzzSupport
import KMS
import Synchronization
import CurlHTTP

// Feeds arbitrary bytes to every KMS operation as the service's answer, through the whole
// call path: signing, the retry loop's error classification (`Retry-After`, error codes),
// `PlaintextExtractor`, `KMSErrorDecoder` (JSON, XML, HTML, binary) and the JSON decode of
// each operation's output.
//
// Input layout (every input is valid; see `FuzzInput`):
//   byte 0   operation: see `Operation`
//   byte 1   HTTP status: an index into `statuses`
//   byte 2   low 6 bits: length L of a header value; bit 6: send it as `x-amzn-ErrorType`,
//            bit 7: as `Retry-After`; neither: as `x-amzn-RequestId`
//   L bytes  that header value
//   rest     the response body
//
// Properties checked on every input, beyond "no trap, no sanitizer report":
//   - the only error thrown is `KMSError`;
//   - a non-2xx answer becomes a `KMSError` carrying that status;
//   - a 2xx answer either decodes or fails with `.invalidResponse`;
//   - an error's description is one line of printable ASCII (it goes to logs).

/// The operations, one per input, chosen by the first byte.
enum Operation: UInt8, CaseIterable {
    case listKeysPage, listKeysAll, generateDataKey, generateDataKeyWithoutPlaintext
    case decrypt, encrypt, describeKey, createKey
}

let statuses = [200, 400, 500, 403, 429, 503, 502, 201, 404, 413, 301, 204]

/// libFuzzer's test-one-input function for this target: one input, one run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKMSResponses(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let operation = Operation.allCases[Int(input.byte()) % Operation.allCases.count]
    let status = statuses[Int(input.byte()) % statuses.count]
    let control = input.byte()
    let headerValue = String(decoding: input.bytes(Int(control & 0x3F)), as: UTF8.self)
    var headers = HTTPHeaders([("Content-Type", "application/x-amz-json-1.1")])
    switch control >> 6 {
    case 0: headers.add(name: "x-amzn-RequestId", value: headerValue)
    case 1: headers.add(name: "x-amzn-ErrorType", value: headerValue)
    case 2: headers.add(name: "Retry-After", value: headerValue)
    default:
        headers.add(name: "x-amzn-ErrorType", value: headerValue)
        headers.add(name: "Retry-After", value: headerValue)
    }
    let response = HTTPResponse(status: status, headers: headers, body: input.rest())

    let outcome = runBlocking { await call(operation, answeredWith: response) }
    check(outcome, operation: operation, status: status)
    return 0
}

/// Runs `operation` against a transport that answers `response` (and, for the pages after the
/// first, an empty last page), with retries off so that error statuses come back at once.
func call(_ operation: Operation, answeredWith response: HTTPResponse) async -> Result<Void, any Error> {
    let transport = CannedTransport(first: response)
    do {
        var config = try AWSConfig(
            region: "us-east-1", accessKeyId: "AKIDEXAMPLE",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            endpoint: "http://127.0.0.1:1")
        config.retry = RetryConfiguration(maxAttempts: 1)
        let kms = KMSClient(config: config, transport: transport)
        let key = "1234abcd-12ab-34cd-56ef-1234567890ab"
        switch operation {
        case .listKeysPage:
            _ = try await kms.listKeys(limit: 10, marker: nil)
        case .listKeysAll:
            _ = try await kms.listKeys()
        case .generateDataKey:
            let dataKey = try await kms.generateDataKey(id: key, size: 32)
            _ = dataKey.plaintext
        case .generateDataKeyWithoutPlaintext:
            _ = try await kms.generateDataKeyWithoutPlaintext(keyId: key)
        case .decrypt:
            let plaintext = try await kms.decrypt(ciphertextBlob: "AQIDBA==")
            _ = plaintext.description
        case .encrypt:
            _ = try await kms.encrypt(keyId: key, plaintext: [1, 2, 3, 4])
        case .describeKey:
            _ = try await kms.describeKey(keyId: key)
        case .createKey:
            _ = try await kms.createKey(description: "fuzz")
        }
        return .success(())
    } catch {
        return .failure(error)
    }
}

func check(_ outcome: Result<Void, any Error>, operation: Operation, status: Int) {
    guard case .failure(let failure) = outcome else {
        invariant((200..<300).contains(status), "\(operation) succeeded on HTTP \(status)")
        return
    }
    guard let error = failure as? KMSError else {
        invariant(false, "\(operation) threw \(type(of: failure)), not KMSError")
        return
    }
    if (200..<300).contains(status) {
        invariant(error.code == .invalidResponse, "\(operation) on HTTP \(status) failed with \(error.code)")
    } else {
        invariant(error.status == status, "\(operation) on HTTP \(status) reported status \(String(describing: error.status))")
    }
    let printable = error.description.utf8.allSatisfy { (0x20...0x7E).contains($0) }
    invariant(printable, "\(operation): KMSError.description is not one line of printable ASCII")
}

/// Answers the first request with the fuzzed response and any later one (the next `ListKeys`
/// page) with an empty last page.
final class CannedTransport: HTTPTransport {
    private let first: Mutex<HTTPResponse?>

    init(first: HTTPResponse) {
        self.first = Mutex(first)
    }

    func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = first.withLock { slot -> HTTPResponse? in
            defer { slot = nil }
            return slot
        }
        return response ?? HTTPResponse(status: 200, body: Array(#"{"Keys":[],"Truncated":false}"#.utf8))
    }
}
