import CCurl
import Locking
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The state a `CurlHTTPClient` shares with its curl thread: one multi handle, the queue that
/// feeds it and the thread that drives it with `curl_multi_poll`.
///
/// The thread holds only this object, never the public client, so a client released without
/// `shutdown()` can still tell the thread to stop (from its `deinit`), and the thread then
/// ends by itself. Callers never block in libcurl: they queue a `Transfer` under the lock and
/// wake the thread if it sleeps (see `notify()`); the thread resumes their continuations.
final class CurlMultiLoop: TaskExecutor, @unchecked Sendable {
    /// Where the loop is in its life; changes only forwards.
    private enum Lifecycle {
        case running
        /// Asked to stop; the thread fails what is active and exits.
        case stopping
        /// The thread has finished with libcurl.
        case stopped
    }

    /// The `CURLM *`; cleaned up in `deinit`, after the thread is gone, so `curl_multi_wakeup`
    /// is always called on a live handle.
    private let multi: UnsafeMutableRawPointer
    /// The libcurl options its easy handles get, from the client's configuration.
    private let options: EasyHandleOptions
    /// The thread's name (`curlhttp-N`), as `/proc/self/task/*/comm` shows it.
    let threadName: String

    // MARK: Guarded by `lock`.

    private let lock = Lock()
    private var lifecycle = Lifecycle.running
    private var incoming: [Transfer] = []
    private var cancellations: [Transfer] = []
    /// Jobs of tasks that prefer this thread as their executor (`taskExecutor`).
    private var jobs: [UnownedJob] = []
    private var stopWaiters: [UnsafeContinuation<Void, Never>] = []
    /// The thread while nobody has joined or detached it yet.
    private var thread: pthread_t?

    // MARK: Shared without the lock (atomics).

    /// Bumped after every change the thread must see (a submission, a cancellation, a stop),
    /// so the thread can tell, without the lock, whether anything came in since it looked.
    private let notifications = Atomic<Int>(0)
    /// Whether the thread is in `curl_multi_poll` or about to be: only then does a
    /// notification need a wake-up (a system call here and a thread wake-up there).
    private let sleeping = Atomic<Bool>(false)
    #if os(Linux)
    /// The wake-up: an eventfd among `curl_multi_poll`'s extra descriptors, lighter than the
    /// socketpair behind `curl_multi_wakeup` in libcurl 7.88 (Debian 12's). -1 (then
    /// `curl_multi_wakeup` is used) only if the process is out of descriptors.
    private let wakeupFD: Int32 = ccurl_wakeup_fd_new()
    #endif

    // MARK: Curl thread only.

    private var pool: EasyHandlePool
    private var active: [Transfer] = []
    /// Swapped with `incoming`/`cancellations` under the lock, so draining allocates nothing.
    private var drainedIncoming: [Transfer] = []
    private var drainedCancellations: [Transfer] = []
    private var drainedJobs: [UnownedJob] = []

    init(configuration: CurlHTTPClient.Configuration) {
        precondition(CurlGlobal.isInitialized, "curl_global_init failed")
        guard let multi = curl_multi_init() else {
            fatalError("curl_multi_init failed (out of memory)")
        }
        self.multi = multi
        options = EasyHandleOptions(configuration)
        let connections = max(configuration.maximumConnections, 1)
        pool = EasyHandlePool(capacity: connections)
        threadName = "curlhttp-\(ThreadSerial.next())"

        _ = ccurl_multi_setopt_long(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX)
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, connections)
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, connections)

        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let result = pthread_create(&thread, nil, { context in
            let loop = Unmanaged<CurlMultiLoop>.fromOpaque(context!).takeRetainedValue()
            loop.run()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<CurlMultiLoop>.fromOpaque(context).release()
            fatalError("CurlHTTPClient could not start its thread: pthread_create returned \(result)")
        }
        lock.withLock { self.thread = thread }
    }

    deinit {
        #if os(Linux)
        if wakeupFD >= 0 { close(wakeupFD) }
        #endif
        curl_multi_cleanup(multi)
    }

    // MARK: Callers' side

    /// Queues a transfer for the curl thread, or fails it at once when its task was already
    /// cancelled or the loop is stopping.
    func submit(_ transfer: Transfer) {
        enum Outcome { case queued, cancelled, shutDown }
        let outcome: Outcome = lock.withLock {
            if transfer.cancelRequested { return .cancelled }
            guard case .running = lifecycle else { return .shutDown }
            transfer.submitted = true
            incoming.append(transfer)
            return .queued
        }
        switch outcome {
        case .queued: notify()
        case .cancelled: transfer.resume(with: .failure(CancellationError()))
        case .shutDown: transfer.resume(with: .failure(HTTPClientError.shutDown))
        }
    }

    /// Queues a job of a task that prefers this thread (`CurlHTTPClient.taskExecutor`) for the
    /// curl thread, which runs it between transfers: a caller's work between requests then stays
    /// on this thread, with no hop to a concurrency thread and back. Once the loop is stopping,
    /// jobs go to the global concurrent executor instead, so no task is ever stranded.
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let queued: Bool = lock.withLock {
            guard case .running = lifecycle else { return false }
            jobs.append(job)
            return true
        }
        if queued {
            notify()
        } else {
            globalConcurrentExecutor.enqueue(ExecutorJob(job))
        }
    }

    /// Asks the curl thread to remove a transfer at once and fail it with `CancellationError`.
    /// Before submission, it makes `submit` fail it instead; after completion, it does nothing.
    func cancel(_ transfer: Transfer) {
        let notify: Bool = lock.withLock {
            transfer.cancelRequested = true
            guard transfer.submitted, case .running = lifecycle else { return false }
            cancellations.append(transfer)
            return true
        }
        if notify { self.notify() }
    }

    /// Tells the thread something came in: bumps the counter it checks before sleeping, and
    /// wakes it only when it sleeps. Both sides use sequentially consistent
    /// accesses in opposite orders (we count, then read `sleeping`; the thread sets `sleeping`,
    /// then reads the count), so either it sees the new count or we see it sleeping.
    private func notify() {
        notifications.add(1, ordering: .sequentiallyConsistent)
        if sleeping.load(ordering: .sequentiallyConsistent) {
            #if os(Linux)
            if wakeupFD >= 0 { ccurl_wakeup_fd_signal(wakeupFD); return }
            #endif
            _ = curl_multi_wakeup(multi)
        }
    }

    /// Stops the loop: queued and in-flight transfers fail with `.shutDown`, later submissions
    /// too. Returns once the thread has finished and been joined.
    func shutdown() async {
        stop()
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            let finished: Bool = lock.withLock {
                if case .stopped = lifecycle { return true }
                stopWaiters.append(continuation)
                return false
            }
            if finished { continuation.resume() }
        }
        // The thread has resumed us as its last act with libcurl; joining waits only for it to
        // return.
        if let thread = lock.withLock({ () -> pthread_t? in defer { self.thread = nil }; return self.thread }) {
            pthread_join(thread, nil)
        }
    }

    /// Stops the loop without waiting, for a client released without `shutdown()`: the thread
    /// is detached and ends by itself.
    func abandon() {
        stop()
        if let thread = lock.withLock({ () -> pthread_t? in defer { self.thread = nil }; return self.thread }) {
            pthread_detach(thread)
        }
    }

    private func stop() {
        let orphans: [Transfer] = lock.withLock {
            guard case .running = lifecycle else { return [] }
            lifecycle = .stopping
            defer { incoming = [] }
            return incoming
        }
        notify()
        for transfer in orphans {
            transfer.resume(with: .failure(HTTPClientError.shutDown))
        }
    }

    // MARK: Curl thread

    private func run() {
        Self.prepareThread(name: threadName)
        var running: Int32 = 0
        while true {
            // Read before draining: whatever was counted by then is in the queues we drain.
            let seen = notifications.load(ordering: .sequentiallyConsistent)
            // Tasks preferring this thread first: what they submit is drained just below.
            lock.withLock { swap(&jobs, &drainedJobs) }
            for job in drainedJobs { job.runSynchronously(on: asUnownedTaskExecutor()) }
            drainedJobs.removeAll(keepingCapacity: true)
            let stopping: Bool = lock.withLock {
                swap(&incoming, &drainedIncoming)
                swap(&cancellations, &drainedCancellations)
                if case .running = lifecycle { return false }
                return true
            }
            // New transfers first, so a cancellation queued with its transfer finds it active.
            for transfer in drainedIncoming { start(transfer) }
            drainedIncoming.removeAll(keepingCapacity: true)
            for transfer in drainedCancellations { cancelActive(transfer) }
            drainedCancellations.removeAll(keepingCapacity: true)
            if stopping { break }

            _ = curl_multi_perform(multi, &running)
            collectCompletions()
            sleeping.store(true, ordering: .sequentiallyConsistent)
            if notifications.load(ordering: .sequentiallyConsistent) == seen {
                poll()
            }
            sleeping.store(false, ordering: .sequentiallyConsistent)
        }

        while let transfer = active.last {
            transfer.responseBody.discard()
            detach(transfer)
            transfer.resume(with: .failure(HTTPClientError.shutDown))
        }
        pool.removeAll()
        let (waiters, strandedJobs): ([UnsafeContinuation<Void, Never>], [UnownedJob]) = lock.withLock {
            lifecycle = .stopped
            defer { stopWaiters = []; jobs = [] }
            return (stopWaiters, jobs)
        }
        // Jobs queued after the last drain run elsewhere: this thread is about to end.
        for job in strandedJobs { globalConcurrentExecutor.enqueue(ExecutorJob(job)) }
        for waiter in waiters { waiter.resume() }
    }

    /// Waits up to a second for the transfers' sockets or a notification's wake-up, and
    /// consumes the wake-up.
    private func poll() {
        #if os(Linux)
        if wakeupFD >= 0 {
            var wakeup = curl_waitfd(fd: wakeupFD, events: Int16(CURL_WAIT_POLLIN), revents: 0)
            _ = curl_multi_poll(multi, &wakeup, 1, 1000, nil)
            if wakeup.revents != 0 { ccurl_wakeup_fd_drain(wakeupFD) }
            return
        }
        #endif
        _ = curl_multi_poll(multi, nil, 0, 1000, nil)
    }

    /// Names the thread and blocks `SIGPIPE` on it: a write to a connection the peer closed
    /// (OpenSSL writes through plain `write`) must not kill the process, and blocking the
    /// signal on this thread only leaves the process's own handling alone.
    private static func prepareThread(name: String) {
        ccurl_set_thread_name(name)
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGPIPE)
        _ = pthread_sigmask(SIG_BLOCK, &signals, nil)
    }

    private func start(_ transfer: Transfer) {
        guard let (easy, isNew) = pool.take() else {
            transfer.resume(with: .failure(HTTPClientError(code: .transport, message: "curl_easy_init failed (out of memory)")))
            return
        }
        var configured = isNew ? options.applyShared(to: easy) : CURLE_OK
        if configured == CURLE_OK {
            transfer.easy = easy
            configured = options.apply(to: easy, for: transfer)
        }
        guard configured == CURLE_OK else {
            let error = HTTPClientError(curlCode: configured, message: easy.errorMessage(for: configured),
                                        exceededLimit: false, limit: options.maximumResponseSize)
            transfer.easy = nil
            if isNew { pool.discard(easy) } else { pool.recycle(easy) }
            transfer.phase = .finished
            transfer.resume(with: .failure(error))
            return
        }
        let added = curl_multi_add_handle(multi, easy.handle)
        guard added == CURLM_OK else {
            transfer.easy = nil
            pool.recycle(easy)
            transfer.phase = .finished
            let message = String(cString: curl_multi_strerror(added))
            transfer.resume(with: .failure(HTTPClientError(code: .transport, message: message)))
            return
        }
        transfer.phase = .active
        transfer.activeIndex = active.count
        active.append(transfer)
    }

    private func collectCompletions() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            let code = ccurl_msg_result(message)
            var context: UnsafeMutableRawPointer?
            guard ccurl_easy_getinfo_ptr(handle, CURLINFO_PRIVATE, &context) == CURLE_OK, let context else { continue }
            complete(Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue(), code: code)
        }
    }

    /// Resumes the caller first and tidies up afterwards (removing the easy handle and
    /// resetting it for the pool take microseconds): a sequential caller is already on its way
    /// to its next request meanwhile.
    private func complete(_ transfer: Transfer, code: CURLcode) {
        guard case .active = transfer.phase, let easy = transfer.easy else { return }
        let result: Result<HTTPResponse, any Error>
        if code == CURLE_OK {
            var status = 0
            _ = ccurl_easy_getinfo_long(easy.handle, CURLINFO_RESPONSE_CODE, &status)
            result = .success(HTTPResponse(status: status,
                                           headers: HTTPHeaders(transfer.responseHeaders),
                                           body: transfer.responseBody.take()))
        } else {
            transfer.responseBody.discard()
            result = .failure(HTTPClientError(curlCode: code, message: easy.errorMessage(for: code),
                                              exceededLimit: transfer.exceededLimit, limit: options.maximumResponseSize,
                                              inTLSHandshake: code == CURLE_OPERATION_TIMEDOUT && Self.stoppedInTLSHandshake(easy, transfer)))
        }
        transfer.resume(with: result)
        detach(transfer)
    }

    /// Whether an https transfer timed out inside its TLS handshake: no handshake finished
    /// (libcurl's app-connect time is still zero) and libcurl says the wait was the TLS layer's
    /// (its OpenSSL backend reports "SSL connection timeout"; libcurl 7.88 records no connect
    /// time until the whole chain, TLS included, is up, so that time cannot tell). A server or
    /// middlebox stalling the handshake is a TLS failure to the caller, not a slow answer.
    private static func stoppedInTLSHandshake(_ easy: EasyHandle, _ transfer: Transfer) -> Bool {
        guard transfer.url.utf8.starts(with: "https://".utf8) else { return false }
        var handshaken: curl_off_t = 0
        guard ccurl_easy_getinfo_off(easy.handle, CURLINFO_APPCONNECT_TIME_T, &handshaken) == CURLE_OK, handshaken == 0
        else { return false }
        return easy.errorMessage(for: CURLE_OPERATION_TIMEDOUT).contains("SSL")
    }

    private func cancelActive(_ transfer: Transfer) {
        guard case .active = transfer.phase else { return }
        transfer.responseBody.discard()
        detach(transfer)
        transfer.resume(with: .failure(CancellationError()))
    }

    /// Takes an active transfer out of the multi handle and the active list, and its easy
    /// handle back to the pool.
    private func detach(_ transfer: Transfer) {
        if let easy = transfer.easy {
            _ = curl_multi_remove_handle(multi, easy.handle)
            pool.recycle(easy)
            transfer.easy = nil
        }
        let index = transfer.activeIndex
        let last = active.removeLast()
        if last !== transfer {
            active[index] = last
            last.activeIndex = index
        }
        transfer.activeIndex = -1
        transfer.phase = .finished
    }
}

/// `curl_global_init`, once per process, before the first multi handle.
enum CurlGlobal {
    static let isInitialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
}

/// Numbers for thread names, so tests and debuggers can tell clients' threads apart.
enum ThreadSerial {
    private static let lock = Lock()
    nonisolated(unsafe) private static var last = 0

    static func next() -> Int {
        lock.withLock {
            last = (last + 1) % 100_000
            return last
        }
    }
}
