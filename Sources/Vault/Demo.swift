import ABE
import Foundation
import Ledger

/// `vault demo`: the product's story in a fresh temporary data directory,
/// with sample FHIR R4 bundles. Every step checks that the vault behaved as
/// told; the demo returns false (and `vault demo` exits non-zero) otherwise.
public struct VaultDemo {
    let say: (String) -> Void
    var failures = [String]()

    public init(say: @escaping (String) -> Void) { self.say = say }

    /// Runs the story in `directory` (created; must not hold a vault).
    public mutating func run(in directory: URL) -> Bool {
        do { try story(directory) } catch {
            failures.append("unexpected error: \(error)")
            say("  ✗ unexpected error: \(error)")
        }
        say("")
        if failures.isEmpty { say("demo finished: every step behaved as described") } else {
            say("demo FAILED in \(failures.count) step(s):")
            for f in failures { say("  - \(f)") }
        }
        return failures.isEmpty
    }

    mutating func check(_ ok: Bool, _ what: String) {
        say("  \(ok ? "✓" : "✗") \(what)")
        if !ok { failures.append(what) }
    }

    /// Expects `body` to fail with an error whose text contains `expected`.
    mutating func refused(_ what: String, containing expected: String, _ body: () throws -> Void) {
        do {
            try body()
            check(false, what + " (it was not refused)")
        } catch {
            let text = "\(error)"
            check(text.contains(expected), what + " — \"\(text.prefix(150))\"")
        }
    }

    static func sample(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Samples"),
              let data = FileManager.default.contents(atPath: url.path) else { throw VaultError.io("sample \(name).json is missing from the vault's resources") }
        return [UInt8](data)
    }

    mutating func story(_ directory: URL) throws {
        let options = PolicyOptions.standard
        func policy(_ text: String) throws -> Policy { try Policy(parsing: text, options: options) }
        func attributes(_ text: String) throws -> AttributeSet { try AttributeSet(parsing: text, options: options) }

        say("1. Set up a vault for Hospital A (chain genesis, members, key authority, blob store)")
        let vault = try RecordVault.initialize(at: DataDirectory(url: directory), organisation: "Hospital A")
        vault.today = try ISODate(parsing: "2026-11-21")
        check(vault.chain.verify().isValid, "chain \(vault.config.chainName) created with \(vault.config.admin), \(vault.config.authority), \(vault.config.provider), \(vault.config.auditor)")

        say("\n2. The key authority issues attribute keys (each issuance is anchored as KeyIssued)")
        let alice = try vault.issueKey(attributes: attributes("role:cardiologist, hospital:A, dept:cardiology, clearance=5, valid_until=2027-12-31"),
                                       validUntil: "2027-12-31", holder: "dr-alice")
        let ben = try vault.issueKey(attributes: attributes("role:nurse, hospital:A, ward:A-2N, clearance=3, valid_until=2027-12-31"),
                                     validUntil: "2027-12-31", holder: "nurse-ben")
        let carol = try vault.issueKey(attributes: attributes("role:researcher, hospital:B, study:HF-2026-014, valid_until=2026-12-31"),
                                       validUntil: "2026-12-31", holder: "researcher-carol")
        say("  dr-alice: cardiologist at hospital A; nurse-ben: nurse on ward A-2N; researcher-carol: study HF-2026-014, key valid until 2026-12-31")
        check(try vault.chain.audit(IndexQuery(kinds: [.keyIssued])).count == 3, "three KeyIssued transactions on the chain")

        say("\n3. The provider puts three FHIR R4 bundles into the vault")
        let notePolicy = "(role:cardiologist AND hospital:A) OR (role:cardiologist AND hospital:B) OR (role:nurse AND dept:cardiology AND hospital:A) OR (role:nurse AND dept:cardiology AND hospital:B)"
        let (noteTuned, written) = try tunedPolicy(notePolicy, options: options)
        let note = try vault.put(body: Self.sample("cardiology-note"), policy: noteTuned, writtenPolicy: written, patient: "P-000042")
        check(noteTuned.lsss().rowCount < (try policy(notePolicy)).lsss().rowCount && written != nil,
              "the tuned policy is smaller and the policy as written is kept in the container")
        let lab = try vault.put(body: Self.sample("lab-result"), policy: policy("(role:cardiologist OR role:nurse) AND hospital:A AND clearance >= 3"), patient: "P-000042")
        let summary = try vault.put(body: Self.sample("discharge-summary"), policy: policy("role:cardiologist AND hospital:A"), patient: "P-000042")
        say("  \(note.recordID) cardiology note: \(note.policy)  (\(note.rows) rows, \(note.blobBytes)-byte blob)")
        say("  \(lab.recordID) lab result: \(lab.policy)")
        say("  \(summary.recordID) discharge summary: \(summary.policy)")
        let anchored = try vault.chain.latestAnchor(of: note.recordID)
        check(anchored?.ciphertextSHA256.hex == note.sha256, "only the ciphertext's SHA-256 and the policy went on the chain (no record bytes, a salted patient commitment)")

        say("\n4. Who can read what")
        let noteBody = try Self.sample("cardiology-note")
        check(try vault.get(recordID: note.recordID, key: alice) == noteBody, "dr-alice reads the cardiology note")
        check(try vault.get(recordID: lab.recordID, key: ben) == (try Self.sample("lab-result")), "nurse-ben reads the lab result (nurse, hospital A, clearance 3)")
        refused("nurse-ben cannot read the cardiology note (not in cardiology)", containing: "denied") {
            _ = try vault.get(recordID: note.recordID, key: ben)
        }
        refused("researcher-carol cannot read the lab result", containing: "denied") {
            _ = try vault.get(recordID: lab.recordID, key: carol)
        }

        say("\n5. Consent: the patient lets the heart-failure study read the discharge summary, then withdraws")
        _ = try vault.changeConsent(.grant, recordID: summary.recordID, policy: policy("role:researcher AND study:HF-2026-014"), document: Array("consent form 2026-11-21 #HF".utf8))
        check((try? vault.get(recordID: summary.recordID, key: carol)) != nil, "after the grant researcher-carol reads the discharge summary")
        _ = try vault.changeConsent(.revoke, recordID: summary.recordID, policy: policy("role:cardiologist AND hospital:A"), document: Array("withdrawal 2026-11-22".utf8))
        refused("after the revocation researcher-carol is refused (new data key, old wrapped keys destroyed)", containing: "denied") {
            _ = try vault.get(recordID: summary.recordID, key: carol)
        }
        check((try? vault.get(recordID: summary.recordID, key: alice)) == (try Self.sample("discharge-summary")), "dr-alice still reads it")
        check(try vault.chain.audit(IndexQuery(recordID: summary.recordID, kinds: [.consentChanged])).count == 2, "both consent changes are anchored as ConsentChanged")

        say("\n6. Expired keys")
        vault.today = try ISODate(parsing: "2027-02-01")
        let validOnly = try vault.put(body: Array("{\"resourceType\":\"Bundle\",\"type\":\"collection\"}".utf8),
                                      policy: policy("role:researcher AND study:HF-2026-014 AND valid_until >= 2027-02-01"))
        refused("on 2027-02-01 researcher-carol's key (valid until 2026-12-31) is refused", containing: "expired") {
            _ = try vault.get(recordID: validOnly.recordID, key: carol)
        }
        vault.today = try ISODate(parsing: "2026-11-21")
        refused("and a record sealed for keys valid on 2027-02-01 stays closed to it even if the clock is turned back", containing: "denied") {
            _ = try vault.get(recordID: validOnly.recordID, key: carol)
        }

        say("\n7. A tampered blob is refused")
        let blobPath = vault.layout.blob(lab.sha256)
        let original = try Data(contentsOf: URL(fileURLWithPath: blobPath))
        var altered = original
        altered[altered.count / 2] ^= 0x40
        try altered.write(to: URL(fileURLWithPath: blobPath))
        refused("nurse-ben's read of the altered lab result is refused", containing: "does not match its anchor") {
            _ = try vault.get(recordID: lab.recordID, key: ben)
        }
        try original.write(to: URL(fileURLWithPath: blobPath))

        say("\n8. Erasure (crypto-shredding)")
        try vault.erase(recordID: validOnly.recordID, reason: "test record no longer needed")
        refused("the erased record cannot be read", containing: "erased on") {
            _ = try vault.get(recordID: validOnly.recordID, key: alice)
        }

        say("\n9. The audit trail of the lab result (FHIR AuditEvent-like)")
        let events = try vault.chain.audit(IndexQuery(recordID: lab.recordID))
        for e in events { say("  \(e.recorded)  \(e.type.padding(14))  \(e.outcome.padding(8))  by \(e.who)" + (e.subject.map { " for \($0)" } ?? "")) }
        let outcomes = Set(events.filter { $0.type == "AccessLogged" }.map { $0.details["outcome"] ?? $0.outcome })
        check(events.count >= 4 && outcomes.count >= 3, "reads granted, denied and failed are all on the chain")

        say("\n10. The chain verifies, and catches an edit made behind its back")
        let report = vault.chain.verify()
        check(report.isValid, "chain verify: \(report.blocksVerified) blocks, \(report.transactionsVerified) transactions, all signatures and links valid")
        let doctor = try vault.doctor(repair: false)
        check(doctor.isHealthy, "vault doctor: no orphaned or missing blobs")
        let target = Int(report.tipHeight ?? 1) / 2 + 1
        check(BehindTheBack.flipByteOfTransaction(chainPath: DataDirectory(url: directory).chainPath, height: target),
              "an intruder flips one byte of a transaction at height \(target) in chain.sqlite")
        let tampered = try Chain.verify(store: Chain.sqliteStore(in: DataDirectory(url: directory)))
        check(!tampered.isValid && tampered.failure.map { "\($0)".contains("\(target)") } == true,
              "chain verify now fails: \(tampered.failure.map { "\($0)" } ?? "no failure reported")")
    }

    /// The tuner's smallest equivalent policy (proven equivalent), and the text as written.
    func tunedPolicy(_ text: String, options: PolicyOptions) throws -> (Policy, String?) {
        let written = try Policy(parsing: text, options: options)
        let outcome = PolicyTuning.tune(written, writtenText: text, scheme: .fabeo, options: options)
        say("  the tuner factors the cardiology note's policy: \(outcome.rowsBefore) → \(outcome.rowsAfter) LSSS rows, "
            + "\(outcome.bytesBefore) → \(outcome.bytesAfter) container bytes, proven equivalent")
        return (outcome.policy, outcome.writtenPolicy)
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
