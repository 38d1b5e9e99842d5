extension HTTPRequest {
    /// What the checks learnt about a request that passed them.
    struct Shape {
        /// `https` rather than `http`.
        var isHTTPS: Bool
        /// Which of the headers libcurl would add by itself the caller gave.
        var hasAccept = false
        var hasExpect = false
        var hasContentType = false
    }

    /// Checks everything that could make libcurl send something other than what the caller
    /// meant, before anything is sent: header injection (CR, LF or NUL, or a name that is not
    /// an HTTP token), a method that is not a token, a URL that is not plain `http`/`https`
    /// ASCII, and body framing the client owns. Throws `.invalidRequest`; messages name the
    /// problem, never a header value, the URL or the body.
    func validatedShape() throws -> Shape {
        guard !method.isEmpty, Self.isToken(method) else {
            throw Self.invalid("the method is not an HTTP token")
        }
        var shape = Shape(isHTTPS: try Self.checkURL(url))
        if method == "HEAD", !body.isEmpty {
            throw Self.invalid("a HEAD request cannot carry a body")
        }
        for (index, field) in headers.fields.enumerated() {
            guard !field.name.isEmpty, Self.isToken(field.name) else {
                throw Self.invalid("header field \(index + 1) has an empty name or one that is not an HTTP token")
            }
            guard Self.isFieldValue(field.value) else {
                throw Self.invalid("header field \(index + 1) (\(field.name)) has CR, LF, NUL or another control character in its value")
            }
            if HTTPHeaders.equalNames(field.name, "Accept") {
                shape.hasAccept = true
            } else if HTTPHeaders.equalNames(field.name, "Expect") {
                shape.hasExpect = true
            } else if HTTPHeaders.equalNames(field.name, "Content-Type") {
                shape.hasContentType = true
            } else if HTTPHeaders.equalNames(field.name, "Content-Length") {
                guard Self.trimmed(field.value) == String(body.count) else {
                    throw Self.invalid("a Content-Length header that differs from the body's length")
                }
            } else if HTTPHeaders.equalNames(field.name, "Transfer-Encoding") {
                throw Self.invalid("a Transfer-Encoding header: the client frames the body itself")
            }
        }
        return shape
    }

    /// Returns whether the URL is `https`; throws unless it is an absolute `http` or `https`
    /// URL made of visible ASCII with a host part.
    private static func checkURL(_ url: String) throws -> Bool {
        let bytes = url.utf8
        let isVisibleASCII = url.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes where byte <= 0x20 || byte >= 0x7F { return false }
            return true
        } ?? url.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        guard isVisibleASCII else {
            throw invalid("the URL has spaces, control characters or non-ASCII bytes")
        }
        let isHTTPS: Bool
        if hasPrefix(bytes, "https://") {
            isHTTPS = true
        } else if hasPrefix(bytes, "http://") {
            isHTTPS = false
        } else {
            throw invalid("the URL's scheme is not http or https")
        }
        guard bytes.count > (isHTTPS ? 8 : 7) else {
            throw invalid("the URL has no host")
        }
        return isHTTPS
    }

    /// ASCII case-insensitive prefix test.
    private static func hasPrefix(_ bytes: String.UTF8View, _ prefix: StaticString) -> Bool {
        guard bytes.count >= prefix.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        return zip(bytes, expected).allSatisfy { ($0 | 0x20) == $1 || $0 == $1 }
    }

    private static func trimmed(_ value: String) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = value.firstIndex(where: { !isSpace($0) }),
              let last = value.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return value[first...last]
    }

    /// RFC 9110 `tchar`, looked up in two 64-bit maps (this runs for every byte of every
    /// header name; constants, unlike a table in a `static let`, cost no lazy-init check).
    @inline(__always)
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        // Bit n set: byte n (0...63), then byte 64 + n (64...127), is a tchar: ALPHA, DIGIT
        // and ! # $ % & ' * + - . ^ _ ` | ~.
        let low: UInt64 = 0x03FF_6CFA_0000_0000
        let high: UInt64 = 0x57FF_FFFF_C7FF_FFFE
        if byte < 64 { return (low >> UInt64(byte)) & 1 == 1 }
        if byte < 128 { return (high >> UInt64(byte - 64)) & 1 == 1 }
        return false
    }

    /// RFC 9110 `field-value` bytes: visible ASCII, space, tab and obs-text; no CR, LF, NUL or
    /// other control character.
    @inline(__always)
    private static func isValueByte(_ byte: UInt8) -> Bool {
        byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
    }

    /// Whether every byte of `string` is a `tchar`. A loop per predicate rather than one
    /// taking a closure: this runs over every header of every request, and a closure called
    /// per byte costs more than the check.
    private static func isToken(_ string: String) -> Bool {
        if let result = string.utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
            for byte in bytes where !isTokenByte(byte) { return false }
            return true
        }) {
            return result
        }
        return string.utf8.allSatisfy(isTokenByte)
    }

    /// Whether every byte of `string` may stand in a field value (see ``isValueByte(_:)``).
    private static func isFieldValue(_ string: String) -> Bool {
        if let result = string.utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
            for byte in bytes where !isValueByte(byte) { return false }
            return true
        }) {
            return result
        }
        return string.utf8.allSatisfy(isValueByte)
    }

    private static func invalid(_ message: String) -> HTTPClientError {
        HTTPClientError(code: .invalidRequest, message: "invalid request: \(message)")
    }
}
