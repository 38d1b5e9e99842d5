/// The canonical headers and signed-header list of a request, sorted and written without heap
/// allocation: names are lower-cased into scratch memory the caller provides (a crypto
/// context's, or the stack), the headers to sign are small index records sorted in place,
/// values are read from the request where they are.
///
/// The rules are `CanonicalHeaders`'s: names lower-cased (ASCII letters only) and compared as
/// bytes, `excludedNames` never signed, repeated names joined with `,` in the order given,
/// values trimmed and folded. The signer's own headers (`addOwn`) replace any of the same name
/// in the request. Use it through `with(_:ownHeaderBytes:_:)`:
///
/// ```swift
/// CanonicalHeaderWriter.with(request.headers, ownHeaderBytes: 26) { headers in
///     headers.addOwn(name: "x-amz-date", value: timestamp)
///     headers.addRequestHeaders()
///     headers.sort()
///     headers.writeCanonical(to: &output)      // name:value\n…
///     headers.writeSignedHeaders(to: &output)  // name;name…
/// }
/// ```
struct CanonicalHeaderWriter {
    /// One header to sign: where its lower-cased name is in `scratch`, and where its value is.
    struct Slot {
        var nameStart: Int
        var nameCount: Int
        /// The index in the request's headers, or -1 when the value is in `scratch`.
        var requestIndex: Int
        var valueStart: Int
        var valueCount: Int
        /// Insertion order: breaks ties between repeated names.
        var order: Int
    }

    /// How many headers the signer adds itself at most (`x-amz-date`, `x-amz-security-token`,
    /// `x-amz-content-sha256`).
    static let maximumOwnHeaders = 3

    /// Above this many headers, `sort()` uses the standard library's sort instead of insertion.
    static let insertionSortLimit = 24

    /// The request's headers.
    let requestHeaders: [(name: String, value: String)]
    private let slots: UnsafeMutableBufferPointer<Slot>
    private var slotCount = 0
    private var ownCount = 0
    /// Lower-cased names, and the values of the signer's own headers.
    var scratch: ByteWriter

    /// How many slots a writer for `headerCount` request headers needs.
    static func slotCount(forRequestHeaders headerCount: Int) -> Int {
        headerCount + maximumOwnHeaders
    }

    /// A writer for `requestHeaders` using memory the caller owns: `slots` has
    /// `slotCount(forRequestHeaders:)` records, `scratch` room for the request's header names
    /// plus what `addOwn` and `appendToScratch` will copy.
    init(
        requestHeaders: [(name: String, value: String)], slots: UnsafeMutableBufferPointer<Slot>,
        scratch: UnsafeMutableBufferPointer<UInt8>
    ) {
        precondition(slots.count >= Self.slotCount(forRequestHeaders: requestHeaders.count), "too few slots")
        self.requestHeaders = requestHeaders
        self.slots = slots
        self.scratch = ByteWriter(scratch)
    }

    /// Runs `body` with a writer for `headers` whose scratch has room for the request's names
    /// plus `ownHeaderBytes` (the names and values `addOwn` and `appendToScratch` will copy).
    static func with<Result>(
        _ headers: [(name: String, value: String)], ownHeaderBytes: Int,
        _ body: (inout CanonicalHeaderWriter) -> Result
    ) -> Result {
        var nameBytes = 0
        for header in headers { nameBytes += header.name.utf8.count }
        return withUnsafeTemporaryAllocation(of: Slot.self, capacity: slotCount(forRequestHeaders: headers.count)) { slots in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: nameBytes + ownHeaderBytes) { scratch in
                var writer = CanonicalHeaderWriter(requestHeaders: headers, slots: slots, scratch: scratch)
                return body(&writer)
            }
        }
    }

    /// Copies `bytes` into the scratch (a value an own header and the caller both use) and
    /// returns where.
    mutating func appendToScratch(_ bytes: UnsafeRawBufferPointer) -> Range<Int> {
        let start = scratch.count
        scratch.append(bytes)
        return start..<scratch.count
    }

    /// Copies the UTF-8 of `string` into the scratch and returns where.
    mutating func appendToScratch(_ string: String) -> Range<Int> {
        UTF8Bytes.with(string) { appendToScratch($0) }
    }

    /// Writes the `X-Amz-Date` form of `date` into the scratch and returns where.
    mutating func appendToScratch(timestampOf date: AmzDate) -> Range<Int> {
        let start = scratch.count
        scratch.append(timestampOf: date)
        return start..<scratch.count
    }

    /// Copies a literal into the scratch and returns where.
    mutating func appendToScratch(_ literal: StaticString) -> Range<Int> {
        appendToScratch(UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Writes the hex digits of `digest` into the scratch and returns where.
    mutating func appendHexToScratch(_ digest: SHA256Digest) -> Range<Int> {
        let start = scratch.count
        scratch.appendHex(digest)
        return start..<scratch.count
    }

    /// Adds one of the signer's own headers (`name` lower-case), its value already in scratch.
    /// Call before `addRequestHeaders`.
    mutating func addOwn(name: StaticString, valueAt value: Range<Int>) {
        precondition(ownCount == slotCount && ownCount < Self.maximumOwnHeaders, "own headers come first, at most three")
        let nameStart = scratch.count
        scratch.append(name)
        slots[slotCount] = Slot(
            nameStart: nameStart, nameCount: name.utf8CodeUnitCount, requestIndex: -1,
            valueStart: value.lowerBound, valueCount: value.count, order: slotCount
        )
        slotCount += 1
        ownCount += 1
    }

    /// Adds one of the signer's own headers (`name` lower-case), copying `value`.
    mutating func addOwn(name: StaticString, value: UnsafeRawBufferPointer) {
        let range = appendToScratch(value)
        addOwn(name: name, valueAt: range)
    }

    /// Adds the request's headers, in order, except the excluded ones, those the signer adds
    /// itself, and those named `dropped` (lower-case).
    mutating func addRequestHeaders(dropping dropped: StaticString? = nil) {
        for index in requestHeaders.indices {
            let nameStart = scratch.count
            UTF8Bytes.with(requestHeaders[index].name) { scratch.appendLowercasedASCII($0) }
            let name = scratch.bytes(nameStart..<scratch.count)
            if CanonicalHeaders.isExcluded(name) || isOwn(name) || (dropped.map { Self.equal(name, $0) } ?? false) {
                scratch.truncate(to: nameStart)
                continue
            }
            slots[slotCount] = Slot(
                nameStart: nameStart, nameCount: name.count, requestIndex: index,
                valueStart: 0, valueCount: 0, order: slotCount
            )
            slotCount += 1
        }
    }

    /// Sorts the headers by name as bytes, repeated names in the order they were added.
    mutating func sort() {
        let count = slotCount
        if count > Self.insertionSortLimit {
            let scratch = self.scratch
            var sorted = UnsafeMutableBufferPointer(rebasing: slots[0..<count])
            sorted.sort { Self.precedes($0, $1, in: scratch) }
            return
        }
        var index = 1
        while index < count {
            let slot = slots[index]
            var position = index
            while position > 0 && Self.precedes(slot, slots[position - 1], in: scratch) {
                slots[position] = slots[position - 1]
                position -= 1
            }
            slots[position] = slot
            index += 1
        }
    }

    /// An upper bound of what `writeCanonical` writes.
    var canonicalCapacity: Int {
        var total = 0
        for slot in slots[0..<slotCount] {
            let valueCount = slot.requestIndex < 0 ? slot.valueCount : requestHeaders[slot.requestIndex].value.utf8.count
            total += slot.nameCount + valueCount + 2
        }
        return total
    }

    /// An upper bound of what `writeSignedHeaders` writes.
    var signedHeadersCapacity: Int {
        var total = 0
        for slot in slots[0..<slotCount] { total += slot.nameCount + 1 }
        return total
    }

    /// Writes `name:value\n` for every name, sorted; call `sort()` first.
    func writeCanonical(to output: inout ByteWriter) {
        requestHeaders.withUnsafeBufferPointer { writeCanonical(requestHeaders: $0, to: &output) }
    }

    /// `writeCanonical(to:)` reading values through the array's storage: element by element,
    /// the array would hand out copies (a retain and a release per value).
    private func writeCanonical(
        requestHeaders: UnsafeBufferPointer<(name: String, value: String)>, to output: inout ByteWriter
    ) {
        for position in 0..<slotCount {
            let slot = slots[position]
            if position > 0 && Self.sameName(slot, slots[position - 1], in: scratch) {
                output.replaceLast(with: UInt8(ascii: ","))  // the "\n" of the previous value
            } else {
                output.append(scratch.bytes(slot.nameStart..<slot.nameStart + slot.nameCount))
                output.append(UInt8(ascii: ":"))
            }
            if slot.requestIndex < 0 {
                output.appendTrimmed(scratch.bytes(slot.valueStart..<slot.valueStart + slot.valueCount))
            } else {
                UTF8Bytes.with(requestHeaders[slot.requestIndex].value) { output.appendTrimmed($0) }
            }
            output.append(UInt8(ascii: "\n"))
        }
    }

    /// Writes `name;name;…`, sorted; call `sort()` first.
    func writeSignedHeaders(to output: inout ByteWriter) {
        for position in 0..<slotCount {
            let slot = slots[position]
            if position > 0 {
                if Self.sameName(slot, slots[position - 1], in: scratch) { continue }
                output.append(UInt8(ascii: ";"))
            }
            output.append(scratch.bytes(slot.nameStart..<slot.nameStart + slot.nameCount))
        }
    }

    // MARK: - Names as bytes

    private func isOwn(_ name: UnsafeRawBufferPointer) -> Bool {
        for slot in slots[0..<ownCount]
        where slot.nameCount == name.count && Self.compare(scratch.base + slot.nameStart, name.baseAddress!, name.count) == 0
        {
            return true
        }
        return false
    }

    @inline(__always)
    private static func sameName(_ lhs: Slot, _ rhs: Slot, in scratch: ByteWriter) -> Bool {
        lhs.nameCount == rhs.nameCount
            && compare(scratch.base + lhs.nameStart, scratch.base + rhs.nameStart, lhs.nameCount) == 0
    }

    /// By name as bytes, then by insertion order.
    @inline(__always)
    private static func precedes(_ lhs: Slot, _ rhs: Slot, in scratch: ByteWriter) -> Bool {
        let order = compare(scratch.base + lhs.nameStart, scratch.base + rhs.nameStart, min(lhs.nameCount, rhs.nameCount))
        if order != 0 { return order < 0 }
        if lhs.nameCount != rhs.nameCount { return lhs.nameCount < rhs.nameCount }
        return lhs.order < rhs.order
    }

    /// Whether `bytes` are the UTF-8 of `literal`.
    @inline(__always)
    static func equal(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        bytes.count == literal.utf8CodeUnitCount
            && (bytes.isEmpty || compare(bytes.baseAddress!, literal.utf8Start, bytes.count) == 0)
    }

    /// `count` bytes compared like `memcmp` (negative, zero, positive), eight at a time and
    /// inline: header names are short, and calling `memcmp` costs more than comparing them.
    @inline(__always)
    static func compare(_ lhs: UnsafeRawPointer, _ rhs: UnsafeRawPointer, _ count: Int) -> Int {
        var index = 0
        while index &+ 8 <= count {
            let left = lhs.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let right = rhs.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // In big-endian order, integer order is byte order.
            if left != right { return left.bigEndian < right.bigEndian ? -1 : 1 }
            index &+= 8
        }
        while index < count {
            let left = lhs.load(fromByteOffset: index, as: UInt8.self)
            let right = rhs.load(fromByteOffset: index, as: UInt8.self)
            if left != right { return left < right ? -1 : 1 }
            index &+= 1
        }
        return 0
    }
}
