/// A dictionary that remembers the order its keys were last used in and, when full, drops the
/// one used longest ago. Every operation is O(1): a doubly linked list threaded through slots
/// of one array, reused after removal, so a steady cache allocates nothing per use.
struct LRUStore<Key: Hashable, Value> {
    private struct Slot {
        var key: Key
        var value: Value
        var older: Int  // toward the least recently used end; -1 at the end
        var newer: Int  // toward the most recently used end; -1 at the end
    }

    let capacity: Int
    private var index: [Key: Int] = [:]
    private var slots: [Slot?] = []
    private var free: [Int] = []
    private var oldest = -1
    private var newest = -1

    /// A store of at most `capacity` entries (none when `capacity` is 0 or less).
    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 0)
    }

    var count: Int { index.count }

    /// The value for `key` without changing its place in the order.
    func peek(_ key: Key) -> Value? {
        index[key].flatMap { slots[$0]?.value }
    }

    /// Marks `key` as just used and returns its value.
    mutating func use(_ key: Key) -> Value? {
        guard let position = index[key] else { return nil }
        unlink(position)
        linkAsNewest(position)
        return slots[position]!.value
    }

    /// Replaces the value for `key` in place, keeping its place in the order.
    mutating func update(_ key: Key, _ body: (inout Value) -> Void) {
        guard let position = index[key] else { return }
        body(&slots[position]!.value)
    }

    /// Stores `value` under `key` as the most recently used entry and returns what had to go to
    /// make room: the entry it replaces and, when full, the least recently used one.
    @discardableResult
    mutating func insert(_ key: Key, _ value: Value) -> [Value] {
        var dropped: [Value] = []
        if let old = removeValue(forKey: key) { dropped.append(old) }
        guard capacity > 0 else {
            dropped.append(value)
            return dropped
        }
        if index.count == capacity, oldest >= 0, let evicted = removeValue(forKey: slots[oldest]!.key) {
            dropped.append(evicted)
        }
        let slot = Slot(key: key, value: value, older: -1, newer: -1)
        let position: Int
        if let reused = free.popLast() {
            slots[reused] = slot
            position = reused
        } else {
            slots.append(slot)
            position = slots.count - 1
        }
        index[key] = position
        linkAsNewest(position)
        return dropped
    }

    /// Removes `key` and returns its value.
    @discardableResult
    mutating func removeValue(forKey key: Key) -> Value? {
        guard let position = index.removeValue(forKey: key) else { return nil }
        unlink(position)
        let value = slots[position]!.value
        slots[position] = nil
        free.append(position)
        return value
    }

    /// Keys from the least to the most recently used (for tests and descriptions).
    var keysFromOldest: [Key] {
        var keys: [Key] = []
        var position = oldest
        while position >= 0 {
            keys.append(slots[position]!.key)
            position = slots[position]!.newer
        }
        return keys
    }

    private mutating func unlink(_ position: Int) {
        let slot = slots[position]!
        if slot.older >= 0 { slots[slot.older]!.newer = slot.newer } else { oldest = slot.newer }
        if slot.newer >= 0 { slots[slot.newer]!.older = slot.older } else { newest = slot.older }
        slots[position]!.older = -1
        slots[position]!.newer = -1
    }

    private mutating func linkAsNewest(_ position: Int) {
        slots[position]!.older = newest
        slots[position]!.newer = -1
        if newest >= 0 { slots[newest]!.newer = position }
        newest = position
        if oldest < 0 { oldest = position }
    }
}
