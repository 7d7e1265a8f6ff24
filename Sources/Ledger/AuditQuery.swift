import Foundation

/// One entry of an audit trail, shaped after FHIR AuditEvent: what happened
/// (type, action), to what, by whom, when, with what outcome.
public struct AuditEvent: Codable, Sendable, Equatable {
    /// The transaction id (hex).
    public let id: String
    /// The transaction kind, e.g. "AccessLogged".
    public let type: String
    /// FHIR AuditEvent.action: C create, R read, U update, D delete, E execute.
    public let action: String
    /// The submitter's claimed time, ISO 8601 UTC.
    public let recorded: String
    public let recordedMillis: UInt64
    /// "success", "denied" or "failed".
    public let outcome: String
    /// FHIR AuditEvent.outcome: 0 success, 4 minor failure, 8 serious failure.
    public let outcomeCode: Int
    /// The member that submitted the transaction, and its organisation.
    public let who: String
    public let organisation: String
    /// The entity acted on: a record id, a key holder, or a member id.
    public let what: String
    /// The reader of an access, the holder of a key, or the member changed.
    public let subject: String?
    public let height: UInt64
    /// Further facts: digests, policy, scheme, reasons.
    public let details: [String: String]

    enum CodingKeys: String, CodingKey {
        case id, type, action, recorded, outcome, who, organisation, what, subject, height, details
        case recordedMillis = "recorded_ms", outcomeCode = "outcome_code"
    }

    init(_ tx: SignedTransaction, height: UInt64, organisation: String) {
        let body = tx.body
        var details: [String: String] = [:]
        var action = "E", outcome = "success", outcomeCode = 0
        let what: String
        switch body.payload {
        case .recordAnchored(let p):
            action = "C"
            what = p.recordID
            details = ["ciphertext_sha256": p.ciphertextSHA256.hex, "policy": p.policy,
                       "policy_digest": p.policyDigest.hex, "scheme": p.scheme, "lsss_rows": "\(p.lsssRows)",
                       "ciphertext_bytes": "\(p.ciphertextBytes)", "patient_commitment": p.patientCommitment.hex]
            if let written = p.writtenPolicy { details["written_policy"] = written }
        case .recordErased(let p):
            action = "D"
            what = p.recordID
            details = ["reason": p.reason]
        case .consentChanged(let p):
            action = "U"
            what = p.recordID
            details = ["old_policy_digest": p.oldPolicyDigest.hex, "new_policy_digest": p.newPolicyDigest.hex,
                       "consent_document_sha256": p.consentDocumentSHA256.hex]
        case .keyIssued(let p):
            what = p.holder
            details = ["authority": p.authority, "attribute_set_digest": p.attributeSetDigest.hex,
                       "expires": AuditEvent.iso8601(p.expiresAt)]
        case .accessLogged(let p):
            action = "R"
            what = p.recordID
            switch p.outcome {
            case .granted: break
            case .denied: (outcome, outcomeCode) = ("denied", 4)
            case .failed: (outcome, outcomeCode) = ("failed", 8)
            }
        case .memberAdded(let p):
            what = p.member.id
            details = ["organisation": p.member.organisation,
                       "roles": p.member.sortedRoles.map(\.name).joined(separator: ","),
                       "public_key": p.member.publicKey.hex,
                       "approved_by": ([body.submitter] + p.approvals.map(\.adminID)).joined(separator: ",")]
        case .memberRemoved(let p):
            what = p.memberID
            details = ["reason": p.reason,
                       "approved_by": ([body.submitter] + p.approvals.map(\.adminID)).joined(separator: ",")]
        case .nodeAddressSet(let p):
            what = body.submitter
            details = ["url": p.url]
        }
        self.id = tx.id.hex
        self.type = body.kind.name
        self.action = action
        self.recorded = AuditEvent.iso8601(body.time)
        self.recordedMillis = body.time
        self.outcome = outcome
        self.outcomeCode = outcomeCode
        self.who = body.submitter
        self.organisation = organisation
        self.what = what
        self.subject = body.payload.subject
        self.height = height
        self.details = details
    }

    static func iso8601(_ millis: UInt64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    /// Parses `--since`: a date (2026-03-01, midnight UTC) or an ISO 8601
    /// date-time (2026-03-01T08:30:00Z); returns milliseconds since the epoch.
    public static func parseDate(_ text: String) throws -> UInt64 {
        let full = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        guard let date = full.date(from: text) ?? fractional.date(from: text) ?? day.date(from: text) else {
            throw LedgerError.invalidInput("'\(text)' is not a date (use 2026-03-01 or 2026-03-01T08:30:00Z)")
        }
        return UInt64(max(0, date.timeIntervalSince1970 * 1000))
    }
}

extension Chain {
    /// The audit trail matching `query`, oldest first (see `transactions(matching:)`).
    public func audit(_ query: IndexQuery) throws -> [AuditEvent] {
        try transactions(matching: query).map { found in
            AuditEvent(found.transaction, height: found.height,
                       organisation: memberRecord(found.transaction.body.submitter)?.member.organisation ?? "")
        }
    }

    /// A stored transaction and where it sits.
    public struct LocatedTransaction: Sendable {
        public let transaction: SignedTransaction
        public let height: UInt64
        public let position: Int
    }

    /// The transactions matching `query`, oldest first. The index only finds
    /// them; each is decoded from the block that stores it, so a damaged
    /// index can hide transactions but not falsify them.
    public func transactions(matching query: IndexQuery) throws -> [LocatedTransaction] {
        let found = try withStore { store -> [(IndexEntry, [UInt8]?)] in
            try store.query(query).map { ($0, try store.entry(height: $0.height, position: $0.position)) }
        }
        return try found.map { entry, bytes in
            guard let bytes, let tx = try? SignedTransaction(encoded: bytes), tx.id == entry.transactionID else {
                throw LedgerError.storage("the transaction index disagrees with block \(entry.height); run `vault chain verify` and `vault chain reindex`")
            }
            return LocatedTransaction(transaction: tx, height: entry.height, position: entry.position)
        }
    }

    /// The latest RecordAnchored transaction for `recordID`: what a reader
    /// checks a fetched ciphertext's SHA-256 against.
    public func latestAnchor(of recordID: String) throws -> RecordAnchored? {
        let anchors = try transactions(matching: IndexQuery(recordID: recordID, kinds: [.recordAnchored]))
        guard case .recordAnchored(let anchor)? = anchors.last?.transaction.body.payload else { return nil }
        return anchor
    }
}
