import Foundation

/// The JSON forms of etcd v3's gRPC messages as its HTTP gateway speaks
/// them (etcd 3.4, `/v3/...`): proto3's JSON mapping, so bytes are base64,
/// 64-bit integers are strings, and fields at their default value (false,
/// 0, empty) are left out. Only the fields the orderer uses are modelled.
enum EtcdWire {
    struct RangeRequest: Encodable {
        let key: String
        var rangeEnd: String?
        var limit: String?
        var revision: String?
        /// "DESCEND" with `sortTarget` "KEY": the last keys first.
        var sortOrder: String?
        var sortTarget: String?
        var keysOnly: Bool?
    }

    struct PutRequest: Encodable {
        let key: String
        let value: String
    }

    struct Compare: Encodable {
        let key: String
        let result: String
        let target: String
        let createRevision: String
    }

    struct RequestOp: Encodable {
        var requestRange: RangeRequest?
        var requestPut: PutRequest?
    }

    struct TxnRequest: Encodable {
        let compare: [Compare]
        let success: [RequestOp]
        let failure: [RequestOp]
    }

    struct Header: Decodable {
        let revision: String?
    }

    struct KeyValue: Decodable {
        let key: String?
        let value: String?
        let modRevision: String?
    }

    struct RangeResponse: Decodable {
        let header: Header?
        let kvs: [KeyValue]?
        let more: Bool?
    }

    struct ResponseOp: Decodable {
        let responseRange: RangeResponse?
    }

    struct TxnResponse: Decodable {
        let header: Header?
        let succeeded: Bool?
        let responses: [ResponseOp]?
    }

    struct WatchCreate: Encodable {
        struct Create: Encodable {
            let key: String
            let rangeEnd: String
            let startRevision: String
        }
        let createRequest: Create
    }

    /// One line of a watch stream: a result, or an error ending the stream.
    struct WatchLine: Decodable {
        struct Result: Decodable {
            let header: Header?
            let created: Bool?
            let canceled: Bool?
            let compactRevision: String?
            let cancelReason: String?
            let events: [Event]?
        }
        struct Event: Decodable {
            /// "PUT" is proto3's default and so usually absent; "DELETE" otherwise.
            let type: String?
            let kv: KeyValue?
        }
        struct Failure: Decodable {
            let message: String?
        }
        let result: Result?
        let error: Failure?
    }

    /// The gateway's error body: `{"error": …, "code": …, "message": …}`.
    struct ErrorBody: Decodable {
        let error: String?
        let message: String?
    }

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        return e
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return d
    }

    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
    static func base64(_ text: String) -> String { base64(Array(text.utf8)) }

    static func bytes(_ base64: String?) -> [UInt8]? {
        guard let base64 else { return [] }
        return Data(base64Encoded: base64).map { [UInt8]($0) }
    }

    /// The smallest key above every key that starts with `prefix` (etcd's
    /// convention for a prefix range): the prefix with its last byte + 1.
    static func rangeEnd(ofPrefix prefix: [UInt8]) -> [UInt8] {
        var end = prefix
        while let last = end.last {
            if last < 0xff {
                end[end.count - 1] = last + 1
                return end
            }
            end.removeLast()
        }
        return [0]
    }
}
