import Testing
@testable import AWSSigV4
@Test func placeholder() { }
