import CCurl
import Testing
@testable import CurlHTTP

/// How libcurl's result codes become typed errors.
@Suite("Error mapping")
struct HTTPClientErrorMappingTests {
    static let table: [(CURLcode, HTTPClientError.Code)] = [
        (CURLE_OPERATION_TIMEDOUT, .timeout),
        (CURLE_COULDNT_CONNECT, .connectionRefused),
        (CURLE_COULDNT_RESOLVE_HOST, .hostNotFound),
        (CURLE_COULDNT_RESOLVE_PROXY, .hostNotFound),
        (CURLE_PEER_FAILED_VERIFICATION, .tlsFailure),
        (CURLE_SSL_CONNECT_ERROR, .tlsFailure),
        (CURLE_SSL_CACERT_BADFILE, .tlsFailure),
        (CURLE_SSL_CERTPROBLEM, .tlsFailure),
        (CURLE_FILESIZE_EXCEEDED, .responseTooLarge),
        (CURLE_PARTIAL_FILE, .connectionClosed),
        (CURLE_RECV_ERROR, .connectionClosed),
        (CURLE_SEND_ERROR, .connectionClosed),
        (CURLE_GOT_NOTHING, .connectionClosed),
        (CURLE_HTTP2_STREAM, .connectionClosed),
        (CURLE_UNSUPPORTED_PROTOCOL, .invalidRequest),
        (CURLE_URL_MALFORMAT, .invalidRequest),
        (CURLE_ABORTED_BY_CALLBACK, .cancelled),
        (CURLE_WRITE_ERROR, .transport),
        (CURLE_WEIRD_SERVER_REPLY, .transport),
        (CURLE_OUT_OF_MEMORY, .transport),
    ]

    @Test("each curl code maps to its kind and keeps the code and message", arguments: 0..<table.count)
    func mapping(row: Int) {
        let (code, kind) = Self.table[row]
        let error = HTTPClientError(curlCode: code, message: "from curl", exceededLimit: false, limit: 10)
        #expect(error.code == kind)
        #expect(error.curlCode == Int(code.rawValue))
        #expect(error.description.contains("(curl \(code.rawValue))"))
    }

    @Test("a write error is .responseTooLarge only when the size bound caused it")
    func writeErrorFromTheBound() {
        let bound = HTTPClientError(curlCode: CURLE_WRITE_ERROR, message: "Failure writing output", exceededLimit: true, limit: 4096)
        #expect(bound == .responseTooLarge)
        #expect(bound.message == "response body larger than 4096 bytes")
        let other = HTTPClientError(curlCode: CURLE_WRITE_ERROR, message: "Failure writing output", exceededLimit: false, limit: 4096)
        #expect(other == .transport)
    }
}
