import Locking

/// The engine of the local materials cache: an LRU store of entries with their age and usage,
/// and at most one load in flight per cache id ("single flight"), shared by every task that
/// misses that id while it runs.
///
/// A task that misses joins the id's flight when its use still fits the flight's limits (the
/// flight reserves the use, and the task gets the flight's value directly, so a cache that
/// keeps nothing still serves every participant); otherwise it waits for the flight to land and
/// looks again. Each round serves at least the flight's first participant, so every caller
/// finishes. A failed load reaches every participant and is not stored: the next use loads
/// again.
final class MaterialsCacheCore<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// Time since the cache was made, on its clock.
    typealias Instant = Duration

    /// How one use counts: encryption uses count messages and bytes against limits; decryption
    /// uses are limited by age only.
    struct Use: Sendable {
        var maxAge: Duration
        /// Nil for decryption materials.
        var limits: (messages: UInt64, bytes: UInt64)?
        /// The plaintext bytes this use encrypts.
        var bytes: UInt64
    }

    /// Counts for descriptions and tests; nothing of the values.
    struct Statistics: Sendable, Equatable {
        var entries: Int
        var inFlight: Int
        var hits: Int
        var loads: Int
    }

    private struct Entry {
        var value: Value
        var created: Instant
        var messages: UInt64
        var bytes: UInt64
    }

    private struct Flight {
        var task: Task<Value, any Error>
        var messages: UInt64
        var bytes: UInt64
    }

    private struct State {
        var entries: LRUStore<Key, Entry>
        var flights: [Key: Flight] = [:]
        var hits = 0
        var loads = 0
    }

    private enum Step {
        case hit(Value)
        case join(Task<Value, any Error>)
        case waitThenRetry(Task<Value, any Error>)
    }

    private let state: LockedValue<State>
    private let now: @Sendable () -> Instant

    init(capacity: Int, now: @escaping @Sendable () -> Instant) {
        state = LockedValue(State(entries: LRUStore(capacity: capacity)))
        self.now = now
    }

    var capacity: Int { state.withLock { $0.entries.capacity } }

    var statistics: Statistics {
        state.withLock { Statistics(entries: $0.entries.count, inFlight: $0.flights.count, hits: $0.hits, loads: $0.loads) }
    }

    /// Keys from the least to the most recently used.
    var keysFromOldest: [Key] { state.withLock { $0.entries.keysFromOldest } }

    /// The cached value for `key` if it is fresh and `use` fits its limits (counting the use),
    /// else the value of a load: the one in flight for `key`, or a new one of `load`.
    func value(for key: Key, use: Use, load: @escaping @Sendable () async throws -> Value) async throws -> Value {
        while true {
            switch step(for: key, use: use, load: load) {
            case .hit(let value):
                return value
            case .join(let flight):
                return try await flight.value
            case .waitThenRetry(let flight):
                _ = try await flight.value
            }
        }
    }

    /// Drops every entry (their secrets are zeroed once no message in progress holds them).
    func removeAll() {
        let dropped = state.withLock { state -> LRUStore<Key, Entry> in
            let old = state.entries
            state.entries = LRUStore(capacity: old.capacity)
            return old
        }
        _ = dropped
    }

    private func step(for key: Key, use: Use, load: @escaping @Sendable () async throws -> Value) -> Step {
        state.withLock { state in
            let time = now()
            if let entry = state.entries.peek(key) {
                if time - entry.created >= use.maxAge {
                    state.entries.removeValue(forKey: key)
                } else if let limits = use.limits {
                    let (messages, overflowM) = entry.messages.addingReportingOverflow(1)
                    let (bytes, overflowB) = entry.bytes.addingReportingOverflow(use.bytes)
                    if !overflowM, !overflowB, messages <= limits.messages, bytes <= limits.bytes {
                        state.hits += 1
                        _ = state.entries.use(key)
                        state.entries.update(key) {
                            $0.messages = messages
                            $0.bytes = bytes
                        }
                        return .hit(entry.value)
                    }
                    state.entries.removeValue(forKey: key)  // past a limit: evicted
                } else {
                    state.hits += 1
                    _ = state.entries.use(key)
                    return .hit(entry.value)
                }
            }
            if var flight = state.flights[key] {
                if let limits = use.limits {
                    let (messages, overflowM) = flight.messages.addingReportingOverflow(1)
                    let (bytes, overflowB) = flight.bytes.addingReportingOverflow(use.bytes)
                    guard !overflowM, !overflowB, messages <= limits.messages, bytes <= limits.bytes else {
                        return .waitThenRetry(flight.task)
                    }
                    flight.messages = messages
                    flight.bytes = bytes
                    state.flights[key] = flight
                }
                return .join(flight.task)
            }
            state.loads += 1
            let task = Task { [self] in
                do {
                    let value = try await load()
                    land(key, value)
                    return value
                } catch {
                    _ = self.state.withLock { $0.flights.removeValue(forKey: key) }
                    throw error
                }
            }
            state.flights[key] = Flight(task: task, messages: use.limits == nil ? 0 : 1, bytes: use.bytes)
            return .join(task)
        }
    }

    /// Stores a loaded value with the usage its flight reserved, and ends the flight.
    private func land(_ key: Key, _ value: Value) {
        let dropped = state.withLock { state -> [Entry] in
            let flight = state.flights.removeValue(forKey: key)
            let entry = Entry(value: value, created: now(), messages: flight?.messages ?? 0, bytes: flight?.bytes ?? 0)
            return state.entries.insert(key, entry)
        }
        _ = dropped  // released here, outside the lock
    }
}
