import BLS12381
import Synchronization

/// Hashing labels to G1 (RFC 9380, BLS12381G1_XMD:SHA-256_SSWU_RO_) with a
/// domain separation tag naming the product, the scheme and the purpose.
/// Results are cached: the same attribute is hashed by every encryption.
struct AttributeHasher: Sendable {
    let dst: [UInt8]

    init(scheme: String, purpose: String) {
        dst = Array("RECORD-VAULT-V01-\(scheme)-\(purpose)-with-BLS12381G1_XMD:SHA-256_SSWU_RO_".utf8)
    }

    private static let cache = Mutex<[[UInt8]: G1Point]>([:])
    private static let cacheLimit = 100_000

    func hash(_ label: [UInt8]) -> G1Point {
        let key = dst + [0xff] + label
        if let hit = AttributeHasher.cache.withLock({ $0[key] }) { return hit }
        // The DST is below 255 bytes by construction, so hashing cannot fail.
        let point = (try? hashToG1(label, dst: dst)) ?? .identity
        AttributeHasher.cache.withLock { cache in
            if cache.count >= AttributeHasher.cacheLimit { cache.removeAll() }
            cache[key] = point
        }
        return point
    }

    /// Labels of attributes start with 1, scheme-reserved labels with 0, so no
    /// attribute can ever hash to a reserved element.
    static func attributeLabel(_ attribute: Attribute, _ suffix: [UInt8] = []) -> [UInt8] {
        [1] + attribute.hashInput + [0] + suffix
    }
    static func reservedLabel(_ parts: [UInt8]) -> [UInt8] { [0] + parts }
}
