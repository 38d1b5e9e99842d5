import Foundation

@testable import AWSSigV4

/// The vectors `scripts/gen_sigv4_vectors.py` computed with botocore's own signers, committed
/// in `Vectors/botocore-sigv4.json`.
struct BotocoreVectors: Decodable {
    struct Vector: Decodable {
        struct Credentials: Decodable {
            var accessKeyId: String
            var secretAccessKey: String
            var sessionToken: String?
        }

        struct Options: Decodable {
            var addContentSHA256Header: Bool
        }

        /// A body: inline UTF-8 text, or a pattern repeated and cut to a length.
        struct Body: Decodable {
            var text: String?
            var pattern: String?
            var length: Int?

            var bytes: [UInt8] {
                if let text { return Array(text.utf8) }
                let pattern = Array((pattern ?? "").utf8)
                let length = length ?? 0
                guard !pattern.isEmpty else { return [] }
                var bytes: [UInt8] = []
                bytes.reserveCapacity(length)
                while bytes.count < length {
                    bytes.append(contentsOf: pattern.prefix(length - bytes.count))
                }
                return bytes
            }
        }

        struct Payload: Decodable {
            var kind: String
            var body: Body?
            var hash: String?

            var signerPayload: SigV4Payload {
                get throws {
                    switch kind {
                    case "bytes": return .bytes(body?.bytes ?? [])
                    case "precomputedHash": return .precomputedHash(hash ?? "")
                    case "unsigned": return .unsigned
                    default: throw SuiteError.malformed("payload kind \(kind)")
                    }
                }
            }
        }

        struct Request: Decodable {
            var method: String
            var path: String
            var query: String
            var headers: [[String]]
            var payload: Payload
        }

        struct Expected: Decodable {
            var canonicalRequest: String
            var stringToSign: String
            var signature: String
            var headers: [[String]]?
            var query: String?
        }

        var name: String
        var mode: String
        var region: String
        var service: String
        var timestamp: String
        var epochSeconds: Int
        var credentials: Credentials
        var options: Options
        var expires: Int?
        var request: Request
        var expected: Expected

        var signer: SigV4Signer {
            var options = SigV4Signer.Options()
            options.addContentSHA256Header = self.options.addContentSHA256Header
            return SigV4Signer(region: region, service: service, options: options)
        }

        var signerCredentials: AWSCredentials {
            AWSCredentials(
                accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey,
                sessionToken: credentials.sessionToken
            )
        }

        var signerRequest: SigV4Request {
            get throws {
                SigV4Request(
                    method: request.method, path: request.path, query: request.query,
                    headers: try request.headers.map { pair in
                        guard pair.count == 2 else { throw SuiteError.malformed("header \(pair)") }
                        return (pair[0], pair[1])
                    },
                    payload: try request.payload.signerPayload
                )
            }
        }

        var date: Date { Date(timeIntervalSince1970: TimeInterval(epochSeconds)) }
    }

    var botocore: String
    var vectors: [Vector]

    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Vectors/botocore-sigv4.json")

    /// The committed vectors; an empty list (and a failing count test) if the file is unreadable.
    static let all: [String: Vector] = {
        guard let data = try? Data(contentsOf: url),
            let document = try? JSONDecoder().decode(BotocoreVectors.self, from: data)
        else { return [:] }
        return Dictionary(document.vectors.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }()

    static func names(mode: String) -> [String] {
        all.values.filter { $0.mode == mode }.map(\.name).sorted()
    }
}
