import AWSSigV4
import FuzzSupport

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Feeds arbitrary requests to `SigV4Signer.sign` and `presign`: any method, path (dot
// segments, `%` escapes, raw UTF-8, invalid UTF-8 replaced), query (repeated and empty keys,
// stray `=` and `&`, bad escapes), header names and values (control characters, case,
// repeats, excluded names), payloads, and every signer option.
//
// Input layout: one flags byte, then a request in the text form of the official SigV4 suite's
// `request.txt`, so the suite's cases are seeds as they are:
//   flags    bit 0 normalizePath, bit 1 doubleEncodePath, bit 2 addContentSHA256Header,
//            bit 3 signSessionToken, bit 4 with a session token, bits 5-6 payload kind
//            (bytes, precomputed hash, unsigned), bit 7 an out-of-range presign expiry
//   line 1   METHOD SP TARGET [SP VERSION]; TARGET splits at the first `?` into path and query
//   lines    `name:value` headers (split at the first `:`); a line starting with a space or
//            tab continues the previous value
//   blank    then the body, to the end
//
// Properties checked on every input, beyond "no trap, no sanitizer report":
//   - signing is deterministic (the second call takes the cached signing key);
//   - the signature is 64 lowercase hex digits and ends the `Authorization` header;
//   - `x-amz-date` is always signed, and no excluded header (`user-agent`, …) ever is;
//   - presign accepts every expiry in 1...604800, refuses any other, and its query carries
//     the same kind of signature.

let signers: [SigV4Signer] = (0..<16).map { bits in
    SigV4Signer(region: "us-east-1", service: "service", options: .init(
        normalizePath: bits & 1 != 0, doubleEncodePath: bits & 2 != 0,
        addContentSHA256Header: bits & 4 != 0, signSessionToken: bits & 8 != 0))
}
let date = Date(timeIntervalSince1970: 1_440_938_160)  // 20150830T123600Z, the suite's date
let excluded: Set<String> = [
    "authorization", "connection", "expect", "keep-alive", "proxy-authenticate",
    "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "user-agent",
    "x-amzn-trace-id",
]

/// libFuzzer's test-one-input function for this target: one input, one run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSigV4(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let flags = input.byte()
    let text = input.rest()
    let signer = signers[Int(flags & 0x0F)]
    let credentials = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        sessionToken: flags & 0x10 != 0 ? "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267" : nil)

    var request = parseRequest(text)
    switch (flags >> 5) & 3 {
    case 0: break
    case 1: request.payload = .precomputedHash(String(decoding: text.prefix(64), as: UTF8.self))
    default: request.payload = .unsigned
    }

    let signature = signer.sign(request, credentials: credentials, date: date)
    let again = signer.sign(request, credentials: credentials, date: date)
    invariant(signature.signature == again.signature, "signing the same request twice differs")
    invariant(isSignature(signature.signature), "signature is not 64 lowercase hex digits")
    guard let authorization = signature.authorization else {
        invariant(false, "no Authorization header")
        return 0
    }
    let prefix = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders="
    let suffix = ", Signature=" + signature.signature
    invariant(authorization.hasPrefix(prefix), "Authorization does not start with the credential scope")
    invariant(authorization.hasSuffix(suffix), "Authorization does not end with the signature")
    let list = authorization.utf8.dropFirst(prefix.utf8.count).dropLast(suffix.utf8.count)
    let signed = list.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    invariant(signed.contains("x-amz-date"), "x-amz-date is not signed")
    if !request.headers.contains(where: { $0.name.utf8.contains(UInt8(ascii: ";")) }) {
        for name in signed {
            invariant(!excluded.contains(name), "the excluded header \(name) was signed")
        }
    }

    let expires = flags & 0x80 == 0 ? 1 + Int(text.first ?? 0) * 2_371 : [0, -1, 604_801, Int.max, Int.min][Int(text.first ?? 0) % 5]
    do {
        let presigned = try signer.presign(request, credentials: credentials, date: date, expires: expires)
        invariant(SigV4Signer.presignExpiresRange.contains(expires), "presign accepted expires \(expires)")
        invariant(isSignature(presigned.signature), "presigned signature is not 64 lowercase hex digits")
        invariant(presigned.query.hasSuffix("X-Amz-Signature=" + presigned.signature) || presigned.query.contains("X-Amz-Signature=" + presigned.signature + "&"),
                  "presigned query does not carry its signature")
    } catch {
        invariant(!SigV4Signer.presignExpiresRange.contains(expires), "presign refused expires \(expires): \(error)")
    }
    return 0
}

func isSignature(_ text: String) -> Bool {
    text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
}

/// Reads the suite's `request.txt` form; anything at all gives some request.
func parseRequest(_ bytes: [UInt8]) -> SigV4Request {
    var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)[...]
    let requestLine = lines.popFirst() ?? []
    let parts = requestLine.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
    let method = String(decoding: parts.first ?? [], as: UTF8.self)
    let target = parts.count > 1 ? parts[1] : []
    var path = target[...]
    var query: ArraySlice<UInt8> = []
    if let mark = target.firstIndex(of: UInt8(ascii: "?")) {
        path = target[..<mark]
        query = target[(mark + 1)...]
    }

    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []
    while let line = lines.popFirst() {
        if line.isEmpty {
            body = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
            break
        }
        if let first = line.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t"), !headers.isEmpty {
            headers[headers.count - 1].value += "\n" + String(decoding: line, as: UTF8.self)
            continue
        }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        let name = String(decoding: line[..<colon], as: UTF8.self)
        let value = colon < line.endIndex ? String(decoding: line[(colon + 1)...], as: UTF8.self) : ""
        headers.append((name, value))
    }
    return SigV4Request(
        method: method, path: String(decoding: path, as: UTF8.self), query: String(decoding: query, as: UTF8.self),
        headers: headers, payload: .bytes(body))
}
