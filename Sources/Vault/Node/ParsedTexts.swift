import ABE
import Foundation

/// Record policies and certificate attribute lists as parsed by the node's
/// reads. A node judges every read against the record's policy text from
/// the chain and the attributes its certificate lists; a reader reads many
/// records with one certificate, and many records share a policy, so the
/// same texts came back to be parsed on every read (3% of a loaded node's
/// CPU in `vault bench node`). Only successful parses are kept; the maps
/// are emptied when they reach `capacity`, which bounds their memory
/// whatever texts clients send.
final class ParsedTexts: @unchecked Sendable {
    // @unchecked Sendable: both maps are guarded by `lock`.
    private let lock = NSLock()
    private var policies: [String: Policy] = [:]
    private var attributeSets: [[String]: Set<Attribute>] = [:]
    let capacity: Int

    init(capacity: Int = 4096) { self.capacity = capacity }

    /// `text` parsed as a free-form policy (as it was when anchored).
    func policy(_ text: String) throws(PolicyError) -> Policy {
        if let known = lock.withLock({ policies[text] }) { return known }
        let parsed = try Policy(parsing: text, options: .freeForm)
        lock.withLock {
            if policies.count >= capacity { policies.removeAll(keepingCapacity: true) }
            policies[text] = parsed
        }
        return parsed
    }

    /// Each of `texts` parsed as an attribute.
    func attributes(_ texts: [String]) throws(PolicyError) -> Set<Attribute> {
        if let known = lock.withLock({ attributeSets[texts] }) { return known }
        let parsed = Set(try texts.map { text throws(PolicyError) in try Attribute(parsing: text) })
        lock.withLock {
            if attributeSets.count >= capacity { attributeSets.removeAll(keepingCapacity: true) }
            attributeSets[texts] = parsed
        }
        return parsed
    }
}
