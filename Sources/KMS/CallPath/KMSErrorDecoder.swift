#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CurlHTTP

/// Turns a non-2xx response into a ``KMSError``, whatever the body: KMS's JSON
/// (`{"__type": "ns#Code", "message": …}`), the `x-amzn-ErrorType` header, the XML of query
/// protocol services and mocks (`<ErrorResponse><Error><Code>…`), HTML from proxies, or nothing.
enum KMSErrorDecoder {
    static func error(from response: HTTPResponse, operation: String) -> KMSError {
        let body = response.body
        var requestId = response.headers[first: "x-amzn-RequestId"] ?? response.headers[first: "x-amz-request-id"]
        var wireCode = response.headers[first: "x-amzn-ErrorType"].map(stripHeaderCode)
        var message: String?
        var understood = false

        switch firstNonSpace(body) {
        case UInt8(ascii: "{"):
            if let decoded = try? KMSResponseDecoder.error(body) {
                understood = true
                if let code = decoded.code { wireCode = stripNamespace(code) }
                message = decoded.message
            }
        case UInt8(ascii: "<"):
            let text = String(decoding: body, as: UTF8.self)
            if let code = xmlElement("Code", in: text) {
                understood = true
                wireCode = code
                message = xmlElement("Message", in: text)
                requestId = requestId ?? xmlElement("RequestId", in: text)
            }
        default:
            break
        }

        guard let wireCode, !wireCode.isEmpty else {
            return KMSError(
                code: .unknown,
                message: "HTTP \(response.status) without an error code",
                status: response.status,
                requestId: requestId,
                operation: operation,
                bodyExcerpt: excerpt(body))
        }
        return KMSError(
            code: KMSError.Code(wireCode: wireCode),
            rawCode: TextSanitizer.printable(wireCode, limit: 128),
            message: message ?? "",
            status: response.status,
            requestId: requestId,
            operation: operation,
            bodyExcerpt: understood ? nil : excerpt(body))
    }

    /// `com.amazonaws.kms#NotFoundException` → `NotFoundException`.
    static func stripNamespace(_ code: String) -> String {
        code.lastIndex(of: "#").map { String(code[code.index(after: $0)...]) } ?? code
    }

    /// `NotFoundException:http://internal.amazon.com/…` → `NotFoundException`.
    static func stripHeaderCode(_ value: String) -> String {
        stripNamespace(value.firstIndex(of: ":").map { String(value[..<$0]) } ?? value)
    }

    /// Up to 200 printable ASCII characters of a body, nil for an empty one.
    static func excerpt(_ body: [UInt8]) -> String? {
        body.isEmpty ? nil : TextSanitizer.printable(bytes: body, limit: 200)
    }

    private static func firstNonSpace(_ body: [UInt8]) -> UInt8? {
        body.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
    }

    /// The text of the first `<name>…</name>`, entities decoded; nil when absent.
    static func xmlElement(_ name: String, in text: String) -> String? {
        guard let open = text.firstRange(of: "<\(name)>"),
              let close = text[open.upperBound...].firstRange(of: "</\(name)>")
        else { return nil }
        let decoded = text[open.upperBound..<close.lowerBound]
            .replacing("&lt;", with: "<")
            .replacing("&gt;", with: ">")
            .replacing("&quot;", with: "\"")
            .replacing("&apos;", with: "'")
            .replacing("&amp;", with: "&")
        return String(decoded.trimmingPrefix(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
