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
    /// The header lines given to `CURLOPT_HTTPHEADER`, freed in `deinit`.
    private(set) var headerList: UnsafeMutablePointer<curl_slist>?
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

        for field in request.headers.fields {
            // "Name;" is libcurl's way to send a header with an empty value ("Name:" would
            // remove it).
            try appendHeaderLine(field.value.isEmpty ? field.name + ";" : field.name + ": " + field.value)
        }
        // Headers libcurl adds unless told not to, by naming them with no value.
        if !shape.hasAccept { try appendHeaderLine("Accept:") }
        if !shape.hasExpect { try appendHeaderLine("Expect:") }
        if !shape.hasContentType, case .withBody = method { try appendHeaderLine("Content-Type:") }
    }

    deinit {
        curl_slist_free_all(headerList)
        if let requestBody {
            ccurl_secure_zero(requestBody.baseAddress, requestBody.count)
            requestBody.deallocate()
        }
        responseBody.discard()
    }

    private func appendHeaderLine(_ line: String) throws {
        guard let list = curl_slist_append(headerList, line) else {
            throw HTTPClientError(kind: .transport, message: "out of memory building the header list")
        }
        headerList = list
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
