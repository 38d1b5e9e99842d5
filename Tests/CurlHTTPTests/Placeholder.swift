import Testing
@testable import CurlHTTP
@Test func placeholder() { }
