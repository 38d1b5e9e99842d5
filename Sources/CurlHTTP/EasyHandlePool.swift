import CCurl
import Synchronization

/// A libcurl easy handle with the error buffer it writes into.
struct EasyHandle {
    /// The `CURL *`.
    let handle: UnsafeMutableRawPointer
    /// `CURLOPT_ERRORBUFFER`, `CURL_ERROR_SIZE` bytes, allocated once per handle.
    let errorBuffer: UnsafeMutablePointer<CChar>

    /// libcurl's detailed message for the last failure, or its generic one for `code`.
    func errorMessage(for code: CURLcode) -> String {
        if errorBuffer[0] != 0 {
            var message = String(cString: errorBuffer)
            while message.last?.isNewline == true { message.removeLast() }
            if !message.isEmpty { return message }
        }
        return String(cString: curl_easy_strerror(code))
    }

    /// Unsets what one request pointed the handle at (its header list, body, method and the
    /// transfer its callbacks get), keeping the options every request shares, so an idle
    /// handle points at no freed memory and the next request sets only its own options.
    func clearRequestOptions() {
        _ = ccurl_easy_setopt_ptr(handle, CURLOPT_HTTPHEADER, nil)
        _ = ccurl_easy_setopt_ptr(handle, CURLOPT_POSTFIELDS, nil)
        _ = ccurl_easy_setopt_ptr(handle, CURLOPT_CUSTOMREQUEST, nil)
        _ = ccurl_easy_setopt_ptr(handle, CURLOPT_PRIVATE, nil)
        _ = ccurl_easy_setopt_ptr(handle, CURLOPT_WRITEDATA, nil)
        _ = ccurl_easy_setopt_ptr(handle, CURLOPT_HEADERDATA, nil)
        // Back to a plain GET: clears the POST and HEAD (`NOBODY`) method state.
        _ = ccurl_easy_setopt_long(handle, CURLOPT_HTTPGET, 1)
        errorBuffer[0] = 0
    }
}

/// Idle easy handles kept for the next requests, so a request sets only its own options rather
/// than paying for `curl_easy_init` (which allocates a handle) and the shared options each time.
///
/// Only the curl thread touches it. Connections and the DNS cache live in the multi handle, so
/// they are shared whichever easy handle a request gets.
struct EasyHandlePool {
    private var idle: [EasyHandle] = []
    /// Most idle handles kept; extra ones are cleaned up when they come back.
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// An idle handle, or a new one (`isNew`: the shared options are not set yet); `nil` only
    /// when libcurl cannot allocate one.
    mutating func take() -> (easy: EasyHandle, isNew: Bool)? {
        if let handle = idle.popLast() { return (handle, false) }
        guard let handle = curl_easy_init() else { return nil }
        CurlHTTPDiagnostics.liveHandles.add(1, ordering: .relaxed)
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        buffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        return (EasyHandle(handle: handle, errorBuffer: buffer), true)
    }

    /// Takes back a handle that is no longer in the multi handle, its request's options
    /// cleared at once (see ``EasyHandle/clearRequestOptions()``).
    mutating func recycle(_ easy: EasyHandle) {
        easy.clearRequestOptions()
        if idle.count < capacity {
            idle.append(easy)
        } else {
            Self.destroy(easy)
        }
    }

    /// Cleans up a handle that must not be reused (its shared options could not be set).
    mutating func discard(_ easy: EasyHandle) {
        Self.destroy(easy)
    }

    /// Cleans up every idle handle.
    mutating func removeAll() {
        for easy in idle { Self.destroy(easy) }
        idle.removeAll()
    }

    private static func destroy(_ easy: EasyHandle) {
        curl_easy_cleanup(easy.handle)
        easy.errorBuffer.deallocate()
        CurlHTTPDiagnostics.liveHandles.subtract(1, ordering: .relaxed)
    }
}
