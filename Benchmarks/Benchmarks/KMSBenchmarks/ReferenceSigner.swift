import CSigV4Reference
import AWSSigV4

/// The C reference signer (scripts/bench/c/sigv4.h: OpenSSL 3, EVP contexts reused, signing key
/// cached) behind a Swift handle, so it is measured beside the Swift signer in one process.
final class ReferenceSigner: @unchecked Sendable {
    // Used from one benchmark at a time (the runner runs them one after another).
    private let handle: OpaquePointer

    init(host: String) {
        guard let handle = csigv4_reference_create(host) else { fatalError("csigv4_reference_create failed") }
        self.handle = handle
    }

    deinit { csigv4_reference_destroy(handle) }

    /// The Authorization header value for the reference request at `epoch` seconds.
    func authorization(epoch: Int64) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
            csigv4_reference_sign(handle, epoch, buffer.baseAddress!, buffer.count)
            return String(cString: buffer.baseAddress!)
        }
    }

    /// Signs without turning the result into a Swift string: the C program's whole cost.
    func signOnly(epoch: Int64, into buffer: UnsafeMutableBufferPointer<CChar>) {
        csigv4_reference_sign(handle, epoch, buffer.baseAddress!, buffer.count)
    }

    /// The body the reference signs.
    static var body: [UInt8] { Array(String(cString: csigv4_reference_body()).utf8) }
}
