import Testing

@testable import AWSSigV4

@Suite("Canonical query string")
struct CanonicalQueryTests {
    @Test("parameters are sorted by encoded key, then by value, as bytes")
    func sorting() {
        #expect(CanonicalQuery.canonical("b=2&a=3&a=1&A=0&a-b=4&a=10") == "A=0&a=1&a=10&a=3&a-b=4&b=2")
        // Sorting happens after encoding: `%E1…` (0x25) sorts before letters.
        #expect(CanonicalQuery.canonical("Param=1&ሴ=2") == "%E1%88%B4=2&Param=1")
    }

    @Test("a key without = gets an empty value; empty parameters are dropped")
    func emptyParts() {
        #expect(CanonicalQuery.canonical("flag&x=1&&y=") == "flag=&x=1&y=")
        #expect(CanonicalQuery.canonical("") == "")
        #expect(CanonicalQuery.canonical("&&") == "")
    }

    @Test("raw text is encoded, encoded text is kept, the value splits at the first =")
    func encoding() {
        #expect(CanonicalQuery.canonical("q=a b+c&p=%2Fx&e=a=b") == "e=a%3Db&p=%2Fx&q=a%20b%2Bc")
        #expect(CanonicalQuery.canonical("-._~=-._~") == "-._~=-._~")
    }

    @Test("separators are found by byte, even before a combining mark")
    func separatorsAsBytes() {
        #expect(CanonicalQuery.canonical("a=1&\u{301}b=2") == "%CC%81b=2&a=1")
        #expect(CanonicalQuery.canonical("k=\u{301}v") == "k=%CC%81v")
    }
}
