#if ServiceLifecycleSupport
import ServiceLifecycle

/// With the package's `ServiceLifecycleSupport` trait, a client runs in a swift-service-lifecycle
/// `ServiceGroup` beside the services that use it; list it before them, so that the group shuts
/// them down first and the client last.
extension KMSClient: Service {
    /// Waits for the group's graceful shutdown, then shuts the client down: calls in flight
    /// finish, later ones fail with ``KMSError/Code/clientShutDown``. When the group cancels it
    /// instead, new calls are refused at once and it returns without waiting.
    public func run() async throws {
        // Returns on graceful shutdown, throws CancellationError on cancellation: both end
        // in the same shutdown, which does not wait when the task is cancelled.
        try? await gracefulShutdown()
        await shutdown()
    }
}
#endif
