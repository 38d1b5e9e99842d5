import CCurl

/// One request on its way through the curl thread: what to send, prepared once on the caller's
/// thread, and the response as it arrives.
///
/// Ownership: the caller creates it and hands it to `CurlMultiLoop`, which keeps it alive while
/// its easy handle is in the multi handle (libcurl's callbacks get it unretained). Fields are
/// grouped by who may touch them.
final class Transfer: @unchecked Sendable {
    /// How the method maps onto libcurl's options.
    enum Method {
        /// `GET` without a body: libcurl's default.
        case get
        /// `HEAD`: `CURLOPT_NOBODY`.
        case head
        /// A method sent with a `Content-Length` body (possibly empty) from `CURLOPT_POSTFIELDS`;
        /// `custom` is the method when it is not `POST`.
        case withBody(custom: String?)
        /// Any other method without a body: `CURLOPT_CUSTOMREQUEST`.
        case custom(String)
    }

    /// Where the transfer is, as the curl thread sees it.
    enum Phase {
        /// Created, maybe queued; not in the multi handle.
        case waiting
        /// In the multi handle, holding an easy handle.
        case active
        /// Completed, failed or cancelled; its continuation has been resumed.
        case finished
    }

    // MARK: Set on the caller's thread before submission, read-only afterwards.

    let url: String
    let method: Method
    let isHTTPS: Bool
    /// The header lines given to `CURLOPT_HTTPHEADER`, in ``headerStorage``.
    let headerList: UnsafeMutablePointer<curl_slist>?
    /// One allocation for the whole header list: its nodes, then their NUL-terminated lines.
    /// libcurl only reads the list, so it need not come from `curl_slist_append` (two
    /// allocations per line, plus the `String` of each line). Zeroed and freed in `deinit`.
    private let headerStorage: UnsafeMutableRawBufferPointer
    /// The request body copied once into memory that stays put while libcurl reads it
    /// (`CURLOPT_POSTFIELDS` is not copied by libcurl); zeroed and freed in `deinit`.
    let requestBody: UnsafeMutableRawBufferPointer?
    /// The body's length, sent as `Content-Length` for `.withBody`.
    let requestBodyCount: Int
    /// Resumed exactly once, by whoever finishes the transfer.
    var continuation: UnsafeContinuation<HTTPResponse, any Error>?

    // MARK: Guarded by the loop's lock.

    /// The task was cancelled; set by the cancellation handler.
    var cancelRequested = false
    /// Handed to the loop's queue.
    var submitted = false

    // MARK: Curl thread only.

    var phase = Phase.waiting
    var easy: EasyHandle?
    /// Position in the loop's list of active transfers.
    var activeIndex = -1
    var responseHeaders: [(name: String, value: String)] = []
    var responseBody: ResponseBodyBuffer
    /// The body passed `maximumResponseSize` and the write callback refused it.
    var exceededLimit = false

    /// Checks the request (throwing `.invalidRequest`) and prepares what libcurl needs.
    init(_ request: HTTPRequest, maximumResponseSize: Int) throws {
        let shape = try request.validatedShape()
        url = request.url
        isHTTPS = shape.isHTTPS
        responseBody = ResponseBodyBuffer(limit: maximumResponseSize)
        requestBodyCount = request.body.count

        switch request.method {
        case "GET" where request.body.isEmpty: method = .get
        case "HEAD": method = .head
        case "POST": method = .withBody(custom: nil)
        case "PUT", "PATCH": method = .withBody(custom: request.method)
        case let other where !request.body.isEmpty: method = .withBody(custom: other)
        case let other: method = .custom(other)
        }
        if case .withBody = method {
            // At least one byte so that an empty body still has a valid pointer (libcurl then
            // sends `Content-Length: 0`).
            let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(request.body.count, 1), alignment: 1)
            request.body.withUnsafeBytes { source in
                storage.copyMemory(from: source)
            }
            requestBody = storage
        } else {
            requestBody = nil
        }

        // Headers libcurl adds unless told not to, by naming them with no value.
        var suppressed = Suppressed()
        if !shape.hasAccept { suppressed.insert(.accept) }
        if !shape.hasExpect { suppressed.insert(.expect) }
        if !shape.hasContentType, case .withBody = method { suppressed.insert(.contentType) }
        (headerStorage, headerList) = Self.headerList(request.headers.fields, suppressed: suppressed)
    }

    /// Headers libcurl would add that a request did not name.
    private struct Suppressed: OptionSet {
        let rawValue: UInt8
        static let accept = Suppressed(rawValue: 1)
        static let expect = Suppressed(rawValue: 2)
        static let contentType = Suppressed(rawValue: 4)

        /// The line that suppresses each, in the order they are sent.
        static let lines: [(header: Suppressed, line: StaticString)] = [
            (.accept, "Accept:"), (.expect, "Expect:"), (.contentType, "Content-Type:"),
        ]
    }

    /// Lays out the list: "Name: value" per field ("Name;" for an empty value, libcurl's way
    /// to send one, as "Name:" removes it), then the `suppressed` lines as they are.
    private static func headerList(
        _ fields: [(name: String, value: String)],
        suppressed: Suppressed
    ) -> (UnsafeMutableRawBufferPointer, UnsafeMutablePointer<curl_slist>?) {
        var lineCount = fields.count
        var textBytes = 0
        for field in fields {
            textBytes += field.name.utf8.count + (field.value.isEmpty ? 1 : 2 + field.value.utf8.count) + 1
        }
        for (header, line) in Suppressed.lines where suppressed.contains(header) {
            lineCount += 1
            textBytes += line.utf8CodeUnitCount + 1
        }
        let nodeBytes = lineCount * MemoryLayout<curl_slist>.stride
        let storage = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(nodeBytes + textBytes, 1), alignment: MemoryLayout<curl_slist>.alignment)
        guard lineCount > 0 else { return (storage, nil) }
        let nodes = storage.baseAddress!.bindMemory(to: curl_slist.self, capacity: lineCount)
        var writer = LineWriter(nodes: nodes, lineCount: lineCount, text: storage.baseAddress! + nodeBytes)
        for field in fields {
            writer.startLine()
            writer.write(field.name)
            if field.value.isEmpty {
                writer.write(";")
            } else {
                writer.write(": ")
                writer.write(field.value)
            }
            writer.endLine()
        }
        for (header, line) in Suppressed.lines where suppressed.contains(header) {
            writer.startLine()
            writer.write(line)
            writer.endLine()
        }
        return (storage, nodes)
    }

    /// Fills the header block: a node per line pointing at its text, which follows the nodes.
    /// A struct, so its cursor needs no dynamic exclusivity checks as a captured variable would.
    private struct LineWriter {
        let nodes: UnsafeMutablePointer<curl_slist>
        let lineCount: Int
        var text: UnsafeMutableRawPointer
        var node = 0

        init(nodes: UnsafeMutablePointer<curl_slist>, lineCount: Int, text: UnsafeMutableRawPointer) {
            self.nodes = nodes
            self.lineCount = lineCount
            self.text = text
        }

        mutating func startLine() {
            let next = node + 1 < lineCount ? nodes + node + 1 : nil
            (nodes + node).initialize(to: curl_slist(data: text.assumingMemoryBound(to: CChar.self), next: next))
            node += 1
        }

        mutating func write(_ bytes: UnsafeRawBufferPointer) {
            guard let base = bytes.baseAddress else { return }
            text.copyMemory(from: base, byteCount: bytes.count)
            text += bytes.count
        }

        mutating func write(_ string: String) {
            let copied = string.utf8.withContiguousStorageIfAvailable { write(UnsafeRawBufferPointer($0)) } != nil
            if copied { return }
            for byte in string.utf8 {
                text.storeBytes(of: byte, as: UInt8.self)
                text += 1
            }
        }

        mutating func write(_ string: StaticString) {
            string.withUTF8Buffer { write(UnsafeRawBufferPointer($0)) }
        }

        mutating func endLine() {
            text.storeBytes(of: 0, as: UInt8.self)
            text += 1
        }
    }

    deinit {
        // The lines may hold a session token.
        ccurl_secure_zero(headerStorage.baseAddress, headerStorage.count)
        headerStorage.deallocate()
        if let requestBody {
            ccurl_secure_zero(requestBody.baseAddress, requestBody.count)
            requestBody.deallocate()
        }
        responseBody.discard()
    }

    /// Resumes the caller, once.
    func resume(with result: Result<HTTPResponse, any Error>) {
        guard let continuation else { return }
        self.continuation = nil
        continuation.resume(with: result)
    }

    // MARK: libcurl callbacks (curl thread)

    /// `CURLOPT_WRITEFUNCTION`: appends body bytes, refusing them (which aborts the transfer)
    /// past the size limit.
    func receiveBody(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if !responseBody.hasStorage, let easy {
            var expected: curl_off_t = -1
            if ccurl_easy_getinfo_off(easy.handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &expected) == CURLE_OK, expected > 0 {
                responseBody.reserve(Int(expected))
            }
        }
        guard responseBody.append(bytes) else {
            exceededLimit = true
            return 0
        }
        return bytes.count
    }

    /// `CURLOPT_HEADERFUNCTION`: one header line at a time, CRLF included. A status line starts
    /// the list anew, so only the final response's headers remain (not those of 1xx responses
    /// or a proxy's CONNECT reply).
    func receiveHeaderLine(_ line: UnsafeBufferPointer<UInt8>) {
        var end = line.count
        while end > 0, line[end - 1] == UInt8(ascii: "\n") || line[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        guard end > 0 else { return }  // the blank line that ends a header block
        if end >= 5, line[0] == UInt8(ascii: "H"), line[1] == UInt8(ascii: "T"), line[2] == UInt8(ascii: "T"),
           line[3] == UInt8(ascii: "P"), line[4] == UInt8(ascii: "/") {
            responseHeaders.removeAll(keepingCapacity: true)
            // Room for a typical response's fields at once, rather than growing 1, 2, 4, 8.
            responseHeaders.reserveCapacity(16)
            return
        }
        if line[0] == UInt8(ascii: " ") || line[0] == UInt8(ascii: "\t") {
            // An obsolete folded continuation of the previous field.
            guard !responseHeaders.isEmpty else { return }
            let more = Self.trimmedString(line, from: 0, to: end)
            if !more.isEmpty {
                let last = responseHeaders.count - 1
                responseHeaders[last].value += responseHeaders[last].value.isEmpty ? more : " " + more
            }
            return
        }
        guard let colon = line[..<end].firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: UnsafeBufferPointer(rebasing: line[..<colon]), as: UTF8.self)
        responseHeaders.append((name: name, value: Self.trimmedString(line, from: colon + 1, to: end)))
    }

    private static func trimmedString(_ line: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> String {
        var start = start
        var end = end
        while start < end, line[start] == UInt8(ascii: " ") || line[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, line[end - 1] == UInt8(ascii: " ") || line[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
    }
}
