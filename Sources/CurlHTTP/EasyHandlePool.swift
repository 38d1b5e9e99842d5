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
}

/// Idle easy handles kept for the next requests, so a request costs a `curl_easy_reset` rather
/// than a `curl_easy_init` (which allocates and sets up a handle).
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

    /// An idle handle, or a new one; `nil` only when libcurl cannot allocate one.
    mutating func take() -> EasyHandle? {
        if let handle = idle.popLast() { return handle }
        guard let handle = curl_easy_init() else { return nil }
        CurlHTTPDiagnostics.liveHandles.add(1, ordering: .relaxed)
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        buffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        return EasyHandle(handle: handle, errorBuffer: buffer)
    }

    /// Takes back a handle that is no longer in the multi handle. It is reset at once, so an
    /// idle handle points at no freed memory (header list, body, callbacks' transfer).
    mutating func recycle(_ easy: EasyHandle) {
        curl_easy_reset(easy.handle)
        if idle.count < capacity {
            idle.append(easy)
        } else {
            Self.destroy(easy)
        }
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
