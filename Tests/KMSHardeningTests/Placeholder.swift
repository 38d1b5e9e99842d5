import Testing
@testable import KMS

@Test func placeholder() {}
