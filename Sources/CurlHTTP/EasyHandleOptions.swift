import CCurl

/// The libcurl options a client's easy handles get, worked out once from its configuration:
/// those every request shares, set when a handle is created and kept while it is pooled, and
/// each request's own, set when a transfer starts. Used on the curl thread only.
struct EasyHandleOptions: Sendable {
    let connectTimeoutMilliseconds: Int
    let timeoutMilliseconds: Int
    /// The largest response body accepted (`CURLOPT_MAXFILESIZE_LARGE` and the body buffer's bound).
    let maximumResponseSize: Int
    let caBundlePath: String?
    let proxy: CurlHTTPClient.Proxy
    let httpVersion: CurlHTTPClient.HTTPVersion

    init(_ configuration: CurlHTTPClient.Configuration) {
        connectTimeoutMilliseconds = Self.milliseconds(configuration.connectTimeout)
        timeoutMilliseconds = Self.milliseconds(configuration.timeout)
        maximumResponseSize = max(configuration.maximumResponseSize, 0)
        caBundlePath = configuration.caBundlePath
        proxy = configuration.proxy
        httpVersion = configuration.httpVersion
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 1 }
        guard seconds < Int64(Int32.max / 1000) else { return Int(Int32.max) }
        return max(1, Int(seconds) * 1000 + Int((attoseconds + 500_000_000_000_000) / 1_000_000_000_000_000))
    }

    /// Sets the options every request shares on a new easy handle (they stay set while it is
    /// pooled); returns the first failure.
    func applyShared(to easy: EasyHandle) -> CURLcode {
        let handle = easy.handle
        var result = CURLE_OK
        func check(_ code: CURLcode) {
            if result == CURLE_OK { result = code }
        }
        check(ccurl_easy_setopt_ptr(handle, CURLOPT_ERRORBUFFER, easy.errorBuffer))
        check(ccurl_easy_setopt_ptr(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        check(ccurl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        // Send the path exactly as given (it is what a signature covers): no dot-segment
        // squashing.
        check(ccurl_easy_setopt_long(handle, CURLOPT_PATH_AS_IS, 1))
        check(ccurl_easy_setopt_write(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
            let length = size * count
            guard length > 0, let data else { return 0 }
            return transfer.receiveBody(UnsafeBufferPointer(start: UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length))
        })
        check(ccurl_easy_setopt_write(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
            let length = size * count
            guard length > 0, let data else { return length }
            transfer.receiveHeaderLine(UnsafeBufferPointer(start: UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length))
            return length
        })
        check(ccurl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, connectTimeoutMilliseconds))
        check(ccurl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeoutMilliseconds))
        // libcurl's defaults, set anyway so no default can ever turn them off.
        check(ccurl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1))
        check(ccurl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2))
        check(ccurl_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        switch httpVersion {
        case .http1_1: check(ccurl_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1)))
        case .http2: check(ccurl_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS)))
        }
        if let caBundlePath {
            check(caBundlePath.withCString { ccurl_easy_setopt_ptr(handle, CURLOPT_CAINFO, $0) })
        }
        switch proxy.mode {
        case .environment:
            break
        case .disabled:
            check(ccurl_easy_setopt_ptr(handle, CURLOPT_PROXY, ""))
        case .url(let url):
            check(url.withCString { ccurl_easy_setopt_ptr(handle, CURLOPT_PROXY, $0) })
        }
        check(ccurl_easy_setopt_long(handle, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1))
        return result
    }

    /// Sets one request's own options on a pooled handle (shared options set, the last
    /// request's cleared by the pool); returns the first failure.
    func apply(to easy: EasyHandle, for transfer: Transfer) -> CURLcode {
        let handle = easy.handle
        easy.errorBuffer[0] = 0
        var result = CURLE_OK
        func check(_ code: CURLcode) {
            if result == CURLE_OK { result = code }
        }
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        check(ccurl_easy_setopt_ptr(handle, CURLOPT_PRIVATE, context))
        check(ccurl_easy_setopt_ptr(handle, CURLOPT_WRITEDATA, context))
        check(ccurl_easy_setopt_ptr(handle, CURLOPT_HEADERDATA, context))
        check(transfer.url.withCString { ccurl_easy_setopt_ptr(handle, CURLOPT_URL, $0) })
        check(ccurl_easy_setopt_ptr(handle, CURLOPT_HTTPHEADER, transfer.headerList))

        var sizeLimit = curl_off_t(maximumResponseSize)
        switch transfer.method {
        case .get:
            break
        case .head:
            check(ccurl_easy_setopt_long(handle, CURLOPT_NOBODY, 1))
            // A HEAD response announces a length it does not send: nothing to hold it to.
            sizeLimit = 0
        case .withBody(let custom):
            check(ccurl_easy_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(transfer.requestBodyCount)))
            check(ccurl_easy_setopt_ptr(handle, CURLOPT_POSTFIELDS, transfer.requestBody?.baseAddress))
            if let custom {
                check(custom.withCString { ccurl_easy_setopt_ptr(handle, CURLOPT_CUSTOMREQUEST, $0) })
            }
        case .custom(let method):
            check(method.withCString { ccurl_easy_setopt_ptr(handle, CURLOPT_CUSTOMREQUEST, $0) })
        }
        check(ccurl_easy_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, sizeLimit))
        // When HTTP/2 may be negotiated, wait for a connection being set up to learn whether it
        // multiplexes rather than open one per request.
        check(ccurl_easy_setopt_long(handle, CURLOPT_PIPEWAIT, transfer.isHTTPS && httpVersion == .http2 ? 1 : 0))
        return result
    }
}
