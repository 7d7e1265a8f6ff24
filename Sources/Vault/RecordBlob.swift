import ABE
import VaultSupport

/// A record as stored in the blob store, content-addressed by its SHA-256:
///
///     "RVREC" ‖ version 1 ‖ u32 len ‖ record id
///     ‖ u32 len ‖ CP-ABE container wrapping the 32-byte data key
///     ‖ 12-byte nonce ‖ u64 len ‖ AES-256-GCM(data key, body; AD = tag ‖ record id) ‖ tag
///
/// Two layers of keys: the body is sealed once under its own data key, and
/// only the small wrapped key changes when consent widens.
struct RecordBlob: Equatable {
    static let magic = Array("RVREC".utf8)
    static let version: UInt8 = 1
    static let maxWrappedKeyBytes = 1 << 24
    static let maxBodyBytes = 1 << 31

    let recordID: String
    let wrappedKey: [UInt8]
    let nonce: [UInt8]
    let sealedBody: [UInt8]

    static func bodyAssociatedData(_ recordID: String) -> [UInt8] { Array("record-vault/body/v1/".utf8) + Array(recordID.utf8) }

    static func seal(body: [UInt8], recordID: String, dataKey: [UInt8], wrappedKey: [UInt8]) -> RecordBlob {
        let nonce = SecureRandom.bytes(AESGCM.nonceBytes)
        let sealed = AESGCM.seal(body, key: dataKey, nonce: nonce, associatedData: bodyAssociatedData(recordID))
        return RecordBlob(recordID: recordID, wrappedKey: wrappedKey, nonce: nonce, sealedBody: sealed)
    }

    func openBody(dataKey: [UInt8]) throws(VaultError) -> [UInt8] {
        guard let body = AESGCM.open(sealedBody, key: dataKey, nonce: nonce, associatedData: RecordBlob.bodyAssociatedData(recordID)) else {
            throw .malformed("the body of record \(recordID) failed authentication")
        }
        return body
    }

    func encoded() -> [UInt8] {
        func u32(_ v: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((v >> $0) & 0xff) } }
        func u64(_ v: Int) -> [UInt8] { stride(from: 56, through: 0, by: -8).map { UInt8((v >> $0) & 0xff) } }
        let id = Array(recordID.utf8)
        return RecordBlob.magic + [RecordBlob.version] + u32(id.count) + id + u32(wrappedKey.count) + wrappedKey
            + nonce + u64(sealedBody.count) + sealedBody
    }

    init(recordID: String, wrappedKey: [UInt8], nonce: [UInt8], sealedBody: [UInt8]) {
        self.recordID = recordID; self.wrappedKey = wrappedKey; self.nonce = nonce; self.sealedBody = sealedBody
    }

    init(decoding bytes: [UInt8]) throws(VaultError) {
        var offset = 0
        func take(_ n: Int, _ part: String) throws(VaultError) -> [UInt8] {
            guard n >= 0, bytes.count - offset >= n else { throw .malformed("record blob truncated in its \(part)") }
            defer { offset += n }
            return Array(bytes[offset..<(offset + n)])
        }
        func integer(_ width: Int, _ part: String) throws(VaultError) -> Int {
            try take(width, part).reduce(0) { $0 << 8 | Int($1) }
        }
        guard try take(5, "magic") == RecordBlob.magic else { throw .malformed("not a record blob") }
        guard try take(1, "version")[0] == RecordBlob.version else { throw .malformed("unsupported record blob version") }
        let idLength = try integer(4, "record id length")
        guard idLength <= 256 else { throw .malformed("record id too long") }
        guard let id = String(validating: try take(idLength, "record id"), as: UTF8.self) else { throw .malformed("record id is not UTF-8") }
        let keyLength = try integer(4, "wrapped key length")
        guard keyLength <= RecordBlob.maxWrappedKeyBytes else { throw .malformed("wrapped key too long") }
        let wrapped = try take(keyLength, "wrapped key")
        let nonce = try take(AESGCM.nonceBytes, "nonce")
        let bodyLength = try integer(8, "body length")
        guard bodyLength <= RecordBlob.maxBodyBytes else { throw .malformed("body too long") }
        let body = try take(bodyLength, "body")
        guard offset == bytes.count else { throw .malformed("record blob has trailing bytes") }
        self.init(recordID: id, wrappedKey: wrapped, nonce: nonce, sealedBody: body)
    }
}
