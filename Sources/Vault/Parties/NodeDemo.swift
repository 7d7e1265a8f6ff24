import ABE
import Foundation
import Ledger
import VaultSupport

/// `vault demo`: the story with the parties apart. A node runs for Hospital
/// A (the caller starts it and passes a transport to it); the admin,
/// authority, provider, auditor and three readers each act from their own
/// folder. Every step checks its outcome; `run` returns false otherwise.
public struct NodeDemo {
    let say: (String) -> Void
    var failures: [String] = []

    public init(say: @escaping (String) -> Void) { self.say = say }

    /// What the demo needs from its surroundings: where the folders are, how
    /// to reach the node, and how to move the node's notion of today.
    public struct Setting {
        public let root: String
        public let transport: NodeTransport
        public let setToday: (ISODate) -> Void
        public init(root: String, transport: NodeTransport, setToday: @escaping (ISODate) -> Void) {
            self.root = root; self.transport = transport; self.setToday = setToday
        }
    }

    public mutating func run(_ setting: Setting) -> Bool {
        do { try story(setting) } catch {
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

    mutating func refused(_ what: String, containing expected: String, _ body: () throws -> Void) {
        do {
            try body()
            check(false, what + " (it was not refused)")
        } catch {
            let text = "\(error)"
            check(text.contains(expected), what + " — \"\(text.prefix(140))\"")
        }
    }

    mutating func story(_ s: Setting) throws {
        let options = PolicyOptions.standard
        func policy(_ text: String) throws -> Policy { try Policy(parsing: text, options: options) }
        func attributes(_ text: String) throws -> AttributeSet { try AttributeSet(parsing: text, options: options) }
        let folder = { (name: String) throws -> PartyFolder in try PartyFolder(root: s.root + "/" + name) }
        s.setToday(try ISODate(parsing: "2026-11-21"))

        say("1. Hospital A's node serves the chain; each party holds only its own folder")
        let admin = try Admin(folder: try folder("admin"), transport: s.transport)
        let authority = try Authority(folder: try folder("authority"), transport: s.transport)
        let provider = try Provider(folder: try folder("provider"), transport: s.transport)
        let tip = try admin.client.call("GET", "/v1/chain/tip", as: ChainTip.self)
        let pinned = try folder("admin").config.chainId
        check(tip.height == 0 && tip.chainId == pinned, "the node serves the genesis every party pinned (\(tip.chainId.prefix(16))…)")

        say("\n2. Readers make their own identities; the admin adds them as members")
        var readers: [String: Reader] = [:]
        for name in ["dr-alice", "nurse-ben", "researcher-carol"] {
            let identity = try NetworkSetup.createReader(at: s.root + "/" + name, member: name, chainID: tip.chainId, nodeURL: nil)
            _ = try admin.add(try Member(id: name, organisation: name == "researcher-carol" ? "University B" : "Hospital A",
                                         roles: [.clinician], publicKey: identity.publicKey))
            readers[name] = try Reader(folder: try folder(name), transport: s.transport)
        }
        check(try admin.client.call("GET", "/v1/members", as: [MemberView].self).count == 8, "three readers added by the admin (MemberAdded)")

        say("\n3. The key authority issues signed keys bound to each reader (KeyIssued by the authority itself)")
        let issued: [(String, String, String)] = [
            ("dr-alice", "role:cardiologist, hospital:A, dept:cardiology, clearance=5", "2027-12-31"),
            ("nurse-ben", "role:nurse, hospital:A, ward:A-2N, clearance=3", "2027-12-31"),
            ("researcher-carol", "role:researcher, hospital:B, study:HF-2026-014", "2026-12-31"),
        ]
        var keys: [String: (bytes: [UInt8], path: String)] = [:]
        for (name, attrs, until) in issued {
            let path = s.root + "/\(name)/\(name).key"
            _ = try authority.issue(holder: name, attributes: attributes(attrs + ", valid_until=\(until)"), validUntil: until, output: path)
            keys[name] = ([UInt8](FileManager.default.contents(atPath: path) ?? Data()), path)
        }
        check(try admin.client.call("GET", "/v1/audit", query: "type=KeyIssued", as: [AuditEvent].self).count == 3,
              "three KeyIssued on the chain, each a salted commitment to the attributes")
        func read(_ who: String, _ id: String) throws -> [UInt8] {
            try readers[who]!.get(recordID: id, keyFile: keys[who]!.bytes, keyPath: keys[who]!.path).body
        }

        say("\n4. The provider encrypts three FHIR R4 bundles on its machine and stores them through the node")
        let noteText = "(role:cardiologist AND hospital:A) OR (role:cardiologist AND hospital:B) OR (role:nurse AND dept:cardiology AND hospital:A) OR (role:nurse AND dept:cardiology AND hospital:B)"
        let written = try policy(noteText)
        let tuned = PolicyTuning.tune(written, writtenText: noteText, scheme: provider.publicParameters.scheme, options: options)
        say("  the tuner factors the cardiology note's policy: \(tuned.rowsBefore) → \(tuned.rowsAfter) LSSS rows, proven equivalent")
        let note = try provider.put(body: Samples.named("cardiology-note"), policy: tuned.policy, writtenPolicy: tuned.writtenPolicy, patient: "P-000042")
        let lab = try provider.put(body: Samples.named("lab-result"), policy: policy("(role:cardiologist OR role:nurse) AND hospital:A AND clearance >= 3"), patient: "P-000042")
        let summary = try provider.put(body: Samples.named("discharge-summary"), policy: policy("role:cardiologist AND hospital:A"), patient: "P-000042")
        let (noteID, labID, summaryID) = (note.recordId!, lab.recordId!, summary.recordId!)
        // Each policy as the chain holds it (bit attributes), read back the way it was written.
        for (id, name) in [(noteID, "cardiology note"), (labID, "lab result"), (summaryID, "discharge summary")] {
            let stored = try admin.client.call("GET", "/v1/records/\(id)", as: RecordDetails.self).record.policy
            say("  \(id) \(name): \(DisplayText.escaped(PolicyNode.readableText(ofCompiled: stored, catalog: options.catalog)))")
        }

        say("\n5. Who can read what (each read is logged with the reader's signed request)")
        check(try read("dr-alice", noteID) == (try Samples.named("cardiology-note")), "dr-alice reads the cardiology note")
        check(try read("nurse-ben", labID) == (try Samples.named("lab-result")), "nurse-ben reads the lab result")
        refused("nurse-ben cannot read the cardiology note", containing: "denied") { _ = try read("nurse-ben", noteID) }
        refused("researcher-carol cannot read the lab result", containing: "denied") { _ = try read("researcher-carol", labID) }
        refused("nurse-ben cannot use dr-alice's key file: it is bound to her member id", containing: "issued to dr-alice") {
            _ = try readers["nurse-ben"]!.get(recordID: noteID, keyFile: keys["dr-alice"]!.bytes, keyPath: keys["dr-alice"]!.path)
        }

        say("\n6. The attack that worked before: the nurse's folder plus the node's whole directory")
        let nodeFiles = (try? FileManager.default.subpathsOfDirectory(atPath: s.root + "/node")) ?? []
        check(!nodeFiles.contains { $0.hasSuffix("master.key") || $0.hasSuffix("escrow.key") || $0.hasSuffix("identity.key") },
              "the node's directory holds no master key, escrow key or member identity of any party")
        let candidates = (nodeFiles.map { s.root + "/node/" + $0 } + ((try? FileManager.default.contentsOfDirectory(atPath: s.root + "/nurse-ben")) ?? []).map { s.root + "/nurse-ben/" + $0 })
            .compactMap { FileManager.default.contents(atPath: $0) }.filter { $0.count == 32 }.compactMap { try? EscrowKey(rawRepresentation: [UInt8]($0)) }
        let noteSHA = try admin.client.call("GET", "/v1/records/\(noteID)", as: RecordDetails.self).record.sha256
        // The node's stores opened as an attacker would, read-only, beside the running node.
        func nodeStore(_ folder: String) throws -> FileBlobStore { try FileBlobStore(directory: s.root + "/node/" + folder, readOnly: true) }
        let noteEscrow = try nodeStore("escrow").read(noteSHA) ?? []
        let noteBlob = try nodeStore("blobs").read(noteSHA) ?? []
        check(!noteEscrow.isEmpty && candidates.allSatisfy { (try? $0.open(noteEscrow, recordID: noteID, blobSHA256: noteSHA)) == nil },
              "no 32-byte file in either folder opens the note's escrow (HPKE to the provider's own key)")
        let blob = try RecordBlob(decoding: noteBlob)
        let (_, benKey) = try SignedKeyFile.decode(keys["nurse-ben"]!.bytes, path: keys["nurse-ben"]!.path)
        check((try? RecordContainer.open(blob.wrappedKey, key: benKey)) == nil, "the nurse's own key does not open the note's blob taken straight from the node's disk")

        say("\n7. Consent: the heart-failure study may read the discharge summary, then the patient withdraws")
        _ = try provider.changeConsent(.grant, recordID: summaryID, policy: policy("role:researcher AND study:HF-2026-014"))
        check((try? read("researcher-carol", summaryID)) != nil, "after the grant researcher-carol reads it")
        _ = try provider.changeConsent(.revoke, recordID: summaryID, policy: policy("role:cardiologist AND hospital:A"))
        refused("after the revocation she is refused", containing: "denied") { _ = try read("researcher-carol", summaryID) }

        say("\n8. Expiry is judged by the node from the authority's signed certificate")
        s.setToday(try ISODate(parsing: "2027-02-01"))
        _ = try provider.changeConsent(.grant, recordID: summaryID, policy: policy("role:researcher AND study:HF-2026-014"))
        refused("on 2027-02-01 researcher-carol's key (valid until 2026-12-31) is refused", containing: "expired") {
            _ = try read("researcher-carol", summaryID)
        }
        s.setToday(try ISODate(parsing: "2026-11-21"))

        say("\n9. A tampered blob is refused and the refusal is logged")
        let labSHA = try admin.client.call("GET", "/v1/records/\(labID)", as: RecordDetails.self).record.sha256
        guard let lab = try nodeStore("blobs").location(of: labSHA), let pack = FileHandle(forUpdatingAtPath: lab.path) else {
            throw VaultError.io("the lab result's blob is not in the node's blob store")
        }
        defer { try? pack.close() }
        let middle = UInt64(lab.offset + lab.length / 2)
        try pack.seek(toOffset: middle)
        let original = try pack.read(upToCount: 1) ?? Data()
        try pack.seek(toOffset: middle)
        try pack.write(contentsOf: Data(original.map { $0 ^ 0x40 }))
        refused("nurse-ben's read of the altered lab result is refused", containing: "does not match its anchor") { _ = try read("nurse-ben", labID) }
        try pack.seek(toOffset: middle)
        try pack.write(contentsOf: original)

        say("\n10. Erasure destroys the blob, its escrow and the patient salt on the node")
        let noteSalt = try nodeStore("records").read(noteID) ?? []
        _ = try provider.erase(recordID: noteID, reason: "patient request")
        let (blobs, escrows, records) = (try nodeStore("blobs"), try nodeStore("escrow"), try nodeStore("records"))
        check(try blobs.read(noteSHA) == nil && escrows.read(noteSHA) == nil
              && !blobs.packsContain(noteBlob) && !escrows.packsContain(noteEscrow),
              "the note's blob and escrow are gone from the node: their bytes are overwritten on disk")
        check(try !noteSalt.isEmpty && records.read(noteID) == nil && !records.packsContain(noteSalt),
              "the note's patient salt is gone from the node too: its bytes are overwritten on disk")
        refused("the erased record cannot be read", containing: "erased on") { _ = try read("dr-alice", noteID) }

        say("\n11. The auditor's view of the lab result (reads name the signer, never a claimed name)")
        let auditor = try NodeClient(folder: try folder("auditor"), transport: s.transport)
        let events = try auditor.call("GET", "/v1/audit", query: "record=\(labID)", as: [AuditEvent].self)
        for e in events { say("  \(e.recorded)  \(e.type.padding(14))  \(e.outcome.padding(8))  by \(e.who)" + (e.subject.map { " for \($0)" } ?? "")) }
        let outcomes = Set(events.filter { $0.type == "AccessLogged" }.map(\.outcome))
        check(outcomes.count >= 3 && events.contains { $0.subject == "researcher-carol" }, "granted, denied and failed reads are on the chain under the readers' own ids")
    }
}
