import CCurl

extension HTTPClientError {
    /// The error for a transfer libcurl finished with `code`.
    ///
    /// - Parameters:
    ///   - message: libcurl's error buffer (it names hosts and ports, never headers or bodies).
    ///   - exceededLimit: the write callback refused the body for its size, which libcurl
    ///     reports as a write error.
    ///   - inTLSHandshake: the transfer stopped after connecting and before its TLS handshake
    ///     finished: a timeout there is a TLS failure (a server or middlebox stalling the
    ///     handshake), not a slow answer.
    init(curlCode code: CURLcode, message: String, exceededLimit: Bool, limit: Int, inTLSHandshake: Bool = false) {
        let kind: Code
        var message = message
        switch code {
        case CURLE_OPERATION_TIMEDOUT where inTLSHandshake:
            kind = .tlsFailure
            message = "TLS handshake not finished within the connect timeout: \(message)"
        case CURLE_OPERATION_TIMEDOUT:
            kind = .timeout
        case CURLE_COULDNT_CONNECT:
            kind = .connectionRefused
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            kind = .hostNotFound
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE,
             CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
             CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED, CURLE_SSL_CLIENTCERT:
            kind = .tlsFailure
        case CURLE_FILESIZE_EXCEEDED:
            kind = .responseTooLarge
            message = "response body larger than \(limit) bytes"
        case CURLE_WRITE_ERROR where exceededLimit:
            kind = .responseTooLarge
            message = "response body larger than \(limit) bytes"
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_SEND_ERROR,
             CURLE_HTTP2, CURLE_HTTP2_STREAM:
            kind = .connectionClosed
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_BAD_FUNCTION_ARGUMENT:
            kind = .invalidRequest
        case CURLE_ABORTED_BY_CALLBACK:
            kind = .cancelled
        default:
            kind = .transport
        }
        self.init(code: kind, curlCode: Int(code.rawValue), message: message)
    }
}
