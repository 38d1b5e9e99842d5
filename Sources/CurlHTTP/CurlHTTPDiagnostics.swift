import Synchronization

/// Counters for tests that check the layer leaves nothing behind; not part of the public API.
@_spi(Testing)
public enum CurlHTTPDiagnostics {
    static let liveHandles = Atomic<Int>(0)

    /// Easy handles alive in this process right now, in use or idle in a client's pool:
    /// every `curl_easy_init` counts one up, every `curl_easy_cleanup` one down.
    public static var liveEasyHandles: Int { liveHandles.load(ordering: .relaxed) }
}
