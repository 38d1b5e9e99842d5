import Foundation
import Testing

@testable import AWSSigV4

/// Every case of the official AWS SigV4 suite, header and query variants: canonical request,
/// string to sign and signature byte for byte, the signed request compared as the README says
/// (headers and query parameters as sets).
@Suite("Official AWS SigV4 test suite", .enabled(if: OfficialSuite.isAvailable, Comment(rawValue: OfficialSuite.skipMessage)))
struct OfficialSuiteTests {
    @Test("the suite has its 38 cases")
    func suiteHasAllCases() {
        #expect(OfficialSuite.caseNames.count == 38, "found \(OfficialSuite.caseNames.count) cases in \(OfficialSuite.directory.path)")
    }

    @Test("header signing matches", arguments: OfficialSuite.caseNames)
    func headerSigning(caseName: String) throws {
        let suiteCase = try SuiteCase(named: caseName)
        let result = suiteCase.signer.sign(suiteCase.signerRequest, credentials: suiteCase.credentials, date: try suiteCase.date)

        #expect(result.canonicalRequest == (try suiteCase.expected("header-canonical-request.txt")))
        #expect(result.stringToSign == (try suiteCase.expected("header-string-to-sign.txt")))
        #expect(result.signature == (try suiteCase.expected("header-signature.txt")))

        // The signed request, as a multiset of (lower-cased name, value).
        let expected = try SuiteMessage(suiteCase.expected("header-signed-request.txt"))
        let sent = suiteCase.request.headers + result.headers
        func normalized(_ headers: [(name: String, value: String)]) -> [String] {
            headers.map { "\($0.name.lowercased()):\($0.value)" }.sorted()
        }
        #expect(normalized(sent) == normalized(expected.headers))
        #expect(expected.target == suiteCase.request.target)
        #expect(expected.body == suiteCase.request.body)

        // Authorization part by part, as upstream compares it.
        let expectedAuthorization = try #require(expected.headers.first { $0.name.lowercased() == "authorization" }?.value)
        let authorization = try #require(result.authorization)
        #expect(AuthorizationParts(authorization) == AuthorizationParts(expectedAuthorization))
    }

    @Test("query signing matches", arguments: OfficialSuite.caseNames)
    func querySigning(caseName: String) throws {
        let suiteCase = try SuiteCase(named: caseName)
        let result = try suiteCase.signer.presign(
            suiteCase.signerRequest, credentials: suiteCase.credentials, date: try suiteCase.date,
            expires: suiteCase.context.expiration_in_seconds
        )

        #expect(result.canonicalRequest == (try suiteCase.expected("query-canonical-request.txt")))
        #expect(result.stringToSign == (try suiteCase.expected("query-string-to-sign.txt")))
        #expect(result.signature == (try suiteCase.expected("query-signature.txt")))

        let expected = try SuiteMessage(suiteCase.expected("query-signed-request.txt"))
        #expect(expected.path == suiteCase.request.path)
        #expect(QueryParameters(result.query) == QueryParameters(expected.query))
        // Headers are not touched by query signing.
        #expect(expected.headers.map { "\($0.name):\($0.value)" } == suiteCase.request.headers.map { "\($0.name):\($0.value)" })
    }
}

/// An `Authorization` header split into algorithm, credential, signed headers and signature.
struct AuthorizationParts: Equatable {
    var algorithm = ""
    var credential = ""
    var signedHeaders = ""
    var signature = ""

    init(_ value: String) {
        let space = value.firstIndex(of: " ") ?? value.endIndex
        algorithm = String(value[..<space])
        for part in value[space...].split(separator: ",") {
            let part = part.trimmingCharacters(in: .whitespaces)
            if part.hasPrefix("Credential=") { credential = String(part.dropFirst("Credential=".count)) }
            if part.hasPrefix("SignedHeaders=") { signedHeaders = String(part.dropFirst("SignedHeaders=".count)) }
            if part.hasPrefix("Signature=") { signature = String(part.dropFirst("Signature=".count)) }
        }
    }
}

/// A query string as a multiset of `key=value` pairs.
struct QueryParameters: Equatable, CustomStringConvertible {
    var pairs: [String]

    init(_ query: String) {
        pairs = query.split(separator: "&").map { component in
            component.contains("=") ? String(component) : "\(component)="
        }.sorted()
    }

    var description: String { pairs.joined(separator: "&") }
}
