import Testing
@testable import Ledger

@Suite struct ValidationTests {
    @Test func membersSubmitWithinTheirRoles() throws {
        let chain = try TestChain()
        let c = chain.consortium, ledger = chain.ledger
        try ledger.append([ledger.makeTransaction(anchorPayload("r-1"), by: c["provider-1"])], sealedBy: c.sealer)
        try ledger.append([ledger.makeTransaction(accessPayload("r-1"), by: c["clinician-1"])], sealedBy: c.sealer)
        let key = TransactionPayload.keyIssued(try KeyIssued(authority: "ka", holder: "dr-house",
                                                             attributeSetDigest: digest("a"), expiresAt: LedgerClock.nowMillis() + 86_400_000))
        try ledger.append([ledger.makeTransaction(key, by: c["authority-1"])], sealedBy: c.sealer)
        #expect(ledger.height == 3)

        let refusals: [(String, TransactionPayload)] = [
            ("provider-1", key),                          // a provider cannot issue keys
            ("clinician-1", try anchorPayload("r-2")),    // a clinician cannot anchor
            ("authority-1", try accessPayload("r-1")),    // an authority does not read records
            ("auditor-1", try anchorPayload("r-3")),
            // Only a validator (an organisation's node) sets a node address.
            ("provider-1", .nodeAddressSet(try NodeAddressSet(url: "https://evil.example"))),
        ]
        for (who, payload) in refusals {
            let error = ledgerError { try ledger.submit(ledger.makeTransaction(payload, by: c[who])) }
            guard case .wrongRole(let member, _, let allowed)? = error else {
                Issue.record("expected wrong role for \(who), got \(String(describing: error))")
                continue
            }
            #expect(member == who)
            #expect(allowed == payload.kind.allowedRoles)
        }
        #expect(ledger.pendingCount == 0)
        #expect(ledger.height == 3)
    }

    @Test func unknownMembersBadSignaturesAndOtherChainsAreRefused() throws {
        let chain = try TestChain()
        let c = chain.consortium, ledger = chain.ledger
        let outsider = Identity(memberID: "mallory", key: try SigningKey.generate())
        let unknown = ledgerError { try ledger.submit(ledger.makeTransaction(anchorPayload("r"), by: outsider)) }
        #expect(unknown == .unknownMember("mallory"))

        // A member's id with somebody else's key.
        let impostor = Identity(memberID: "provider-1", key: try SigningKey.generate())
        let forged = ledgerError { try ledger.submit(ledger.makeTransaction(anchorPayload("r"), by: impostor)) }
        #expect(forged?.code == "bad-signature")
        #expect(forged?.description.contains("provider-1") == true)

        // A valid signature made for another chain.
        let other = try TestChain()
        let foreign = try other.ledger.makeTransaction(anchorPayload("r"), by: other.consortium["provider-1"])
        #expect(ledgerError { try ledger.submit(foreign) }?.code == "invalid-transaction")

        // A policy digest that does not match the policy.
        let lying = TransactionPayload.recordAnchored(try RecordAnchored(
            recordID: "r", ciphertextSHA256: digest("c"), policy: "a AND b", policyDigest: digest("c OR d"),
            scheme: "FAME", lsssRows: 2, ciphertextBytes: 10, patientCommitment: digest("p")))
        #expect(ledgerError { try ledger.submit(ledger.makeTransaction(lying, by: c["provider-1"])) }?.code == "invalid-transaction")

        // A sealer that is not a validator cannot seal.
        try ledger.submit(ledger.makeTransaction(anchorPayload("r"), by: c["provider-1"]))
        let sealing = ledgerError { try ledger.seal(by: c["admin-2"]) }
        #expect(sealing == .wrongRole(member: "admin-2", action: "seal blocks", allowed: [.validator]))
        #expect(ledger.height == 0)
        // Nor can a validator's id with another key: the seal it makes is
        // remembered as verified under that key only, not the registered one.
        let wrongKey = Identity(memberID: c.sealer.memberID, key: try SigningKey.generate())
        #expect(ledgerError { try ledger.seal(by: wrongKey) }?.code == "bad-signature")
        #expect(ledger.height == 0)
        #expect(try ledger.seal(by: c.sealer)?.block?.height == 1)
    }

    @Test func replayedNoncesAreRefused() throws {
        let chain = try TestChain()
        let c = chain.consortium, ledger = chain.ledger
        let tx = try ledger.makeTransaction(accessPayload("r-1"), by: c["clinician-1"])
        try ledger.append([tx], sealedBy: c.sealer)
        // The very same transaction again, sealed or pending.
        let replay = ledgerError { try ledger.submit(tx) }
        #expect(replay == .replayedNonce(member: "clinician-1", nonce: tx.body.nonce, lastUsed: tx.body.nonce))
        // A new transaction that reuses the nonce.
        let reused = try TransactionBody(chainID: ledger.chainID, submitter: "clinician-1", nonce: tx.body.nonce,
                                         time: LedgerClock.nowMillis(), payload: accessPayload("r-2")).signed(with: c["clinician-1"].key)
        #expect(ledgerError { try ledger.submit(reused) }?.code == "replayed-nonce")
        // Within one batch as well.
        let next = try ledger.makeTransaction(accessPayload("r-3"), by: c["clinician-1"])
        #expect(ledgerError { try ledger.submit([next, next]) }?.code == "replayed-nonce")
        #expect(ledger.pendingCount == 0, "a refused batch queues nothing")
        // Gaps are allowed: a clock-based nonce works.
        let later = try TransactionBody(chainID: ledger.chainID, submitter: "clinician-1", nonce: 1_000_000,
                                        time: LedgerClock.nowMillis(), payload: accessPayload("r-4")).signed(with: c["clinician-1"].key)
        try ledger.append([later], sealedBy: c.sealer)
        #expect(try ledger.nextNonce(for: "clinician-1") == 1_000_001)
    }

    @Test func memberAddedNeedsAMajorityOfAdmins() throws {
        let chain = try TestChain()
        let c = chain.consortium, ledger = chain.ledger
        let newKey = try SigningKey.generate()
        let nurse = try Member(id: "nurse-1", organisation: "St Mary", roles: [.clinician], publicKey: newKey.publicKey)
        let proposal = try ledger.makeBody(.memberAdded(MemberAdded(member: nurse)), by: "admin-1")

        // One admin of three is not a majority.
        let alone = try proposal.signed(with: c["admin-1"].key)
        #expect(ledgerError { try ledger.submit(alone) }?.code == "governance")

        // An approval from a non-admin, or a forged one, does not count.
        let fromClinician = try Governance.approve(proposal, as: c["clinician-1"])
        let byClinician = try proposal.adding(approvals: [fromClinician]).signed(with: c["admin-1"].key)
        #expect(ledgerError { try ledger.submit(byClinician) }?.code == "wrong-role")
        let forged = try Approval(adminID: "admin-2", signature: c["admin-3"].key.sign(Governance.approvalMessage(for: proposal)))
        let withForged = try proposal.adding(approvals: [forged]).signed(with: c["admin-1"].key)
        #expect(ledgerError { try ledger.submit(withForged) }?.code == "bad-signature")
        // The submitter cannot approve twice.
        let selfApproval = try Governance.approve(proposal, as: c["admin-1"])
        let twice = try proposal.adding(approvals: [selfApproval]).signed(with: c["admin-1"].key)
        #expect(ledgerError { try ledger.submit(twice) }?.code == "governance")
        // An approval cannot be moved to another proposal (other nonce).
        let approval = try Governance.approve(proposal, as: c["admin-2"])
        let otherProposal = try TransactionBody(chainID: proposal.chainID, submitter: "admin-1", nonce: proposal.nonce + 1,
                                                time: proposal.time, payload: proposal.payload)
        let moved = try otherProposal.adding(approvals: [approval]).signed(with: c["admin-1"].key)
        #expect(ledgerError { try ledger.submit(moved) }?.code == "bad-signature")

        // Two of three admins: accepted, and the new member can act at once.
        try ledger.append([proposal.adding(approvals: [approval]).signed(with: c["admin-1"].key)], sealedBy: c.sealer)
        #expect(ledger.memberRecord("nurse-1")?.addedAt == ledger.height)
        let nurseIdentity = Identity(memberID: "nurse-1", key: newKey)
        try ledger.append([ledger.makeTransaction(accessPayload("r-1"), by: nurseIdentity)], sealedBy: c.sealer)

        // The id and the key cannot be registered twice.
        let again = try ledger.makeBody(.memberAdded(MemberAdded(member: nurse)), by: "admin-1")
        let againSigned = try again.adding(approvals: [Governance.approve(again, as: c["admin-2"])]).signed(with: c["admin-1"].key)
        #expect(ledgerError { try ledger.submit(againSigned) }?.code == "governance")
        #expect(ledger.verify().isValid)
    }

    @Test func removedMemberIsRefusedAfterwards() throws {
        let chain = try TestChain()
        let c = chain.consortium, ledger = chain.ledger
        try ledger.append([ledger.makeTransaction(anchorPayload("r-1"), by: c["provider-1"])], sealedBy: c.sealer)

        let proposal = try ledger.makeBody(.memberRemoved(MemberRemoved(memberID: "provider-1", reason: "contract ended")),
                                           by: "admin-2")
        let approvals = [try Governance.approve(proposal, as: c["admin-3"])]
        try ledger.append([proposal.adding(approvals: approvals).signed(with: c["admin-2"].key)], sealedBy: c.sealer)
        let removedAt = ledger.height
        #expect(ledger.memberRecord("provider-1")?.removedAt == removedAt)
        #expect(!ledger.activeMembers.contains { $0.member.id == "provider-1" })

        let refused = ledgerError { try ledger.submit(ledger.makeTransaction(anchorPayload("r-2"), by: c["provider-1"])) }
        #expect(refused == .memberRemoved("provider-1", removedAt: removedAt))

        // The refusal survives reopening the store: it comes from the chain, not memory.
        let reopened = try Chain.open(store: chain.reopenStore())
        #expect(ledgerError { try reopened.submit(reopened.makeTransaction(anchorPayload("r-3"), by: c["provider-1"])) }
                == .memberRemoved("provider-1", removedAt: removedAt))
        #expect(reopened.verify().isValid)
    }

    @Test func governanceKeepsAnAdminAndAValidator() throws {
        let chain = try TestChain()
        let c = chain.consortium, ledger = chain.ledger
        // admin-1 is the only validator: removing it would stop the chain.
        let proposal = try ledger.makeBody(.memberRemoved(MemberRemoved(memberID: "admin-1", reason: "")), by: "admin-2")
        let tx = try proposal.adding(approvals: [Governance.approve(proposal, as: c["admin-3"])]).signed(with: c["admin-2"].key)
        let error = ledgerError { try ledger.submit(tx) }
        #expect(error?.code == "governance")
        #expect(error?.description.contains("validator") == true)
        // An unknown target is named.
        let ghost = try ledger.makeBody(.memberRemoved(MemberRemoved(memberID: "ghost", reason: "")), by: "admin-2")
        let ghostTx = try ghost.adding(approvals: [Governance.approve(ghost, as: c["admin-3"])]).signed(with: c["admin-2"].key)
        #expect(ledgerError { try ledger.submit(ghostTx) } == .unknownMember("ghost"))
    }

    @Test func blocksCarryMonotonicTimeAndLinks() throws {
        let chain = try TestChain()
        for _ in 0..<4 { try chain.appendAnchors(3) }
        var previous = try chain.ledger.block(at: 0)
        for height in 1...4 {
            let block = try chain.ledger.block(at: UInt64(height))
            #expect(block.header.previousHash == previous.hash)
            #expect(block.header.time > previous.header.time)
            #expect(block.header.transactionCount == 3)
            previous = block
        }
        let report = chain.ledger.verify()
        #expect(report.isValid)
        #expect(report.blocksVerified == 5)
        #expect(report.transactionsVerified == 12)
        #expect(report.tipHash == chain.ledger.tipHash)
        #expect(report.viewProblem == nil)
    }

    @Test func aRefusedAppendLeavesNothingQueued() throws {
        let chain = try TestChain()
        let c = chain.consortium, ledger = chain.ledger
        let tx = try ledger.makeTransaction(accessPayload("r-1"), by: c["clinician-1"])
        #expect(ledgerError { try ledger.append([tx], sealedBy: c["provider-1"]) }?.code == "wrong-role")
        #expect(ledger.pendingCount == 0)
        #expect(ledger.height == 0)
        try ledger.append([tx], sealedBy: c.sealer)
        #expect(ledger.height == 1)
    }

    @Test func transactionsFromTheFutureAreRefused() throws {
        let chain = try TestChain()
        let c = chain.consortium, ledger = chain.ledger
        let future = try ledger.makeTransaction(accessPayload("r"), by: c["clinician-1"],
                                                time: LedgerClock.nowMillis() + 3_600_000)
        #expect(ledgerError { try ledger.submit(future) }?.code == "invalid-transaction")
    }
}

@Suite struct ConcurrentWriterTests {
    /// Two ledgers on one file (as two processes would be): each append
    /// re-reads the tip, so neither forks the chain, and a transaction that
    /// the other writer made stale is dropped with its reason.
    @Test func twoWritersNeverFork() throws {
        let chain = try TestChain()
        let c = chain.consortium
        let a = chain.ledger
        let b = try Chain.open(store: chain.reopenStore())
        try a.append([a.makeTransaction(anchorPayload("r-a1"), by: c["provider-1"])], sealedBy: c.sealer)
        // b has not seen a's block; its append lands on top of it.
        try b.append([b.makeTransaction(accessPayload("r-a1"), by: c["clinician-1"])], sealedBy: c.sealer)
        #expect(b.height == 2)
        try a.append([a.makeTransaction(accessPayload("r-a1", reader: "dr-b"), by: c["clinician-1"])], sealedBy: c.sealer)
        #expect(a.height == 3)

        // Both sign with the provider's next nonce as each sees it; b's goes first.
        let fromA = try a.makeTransaction(anchorPayload("r-a2"), by: c["provider-1"])
        try a.submit(fromA)
        try b.append([b.makeTransaction(anchorPayload("r-b2"), by: c["provider-1"])], sealedBy: c.sealer)
        let sealed = try a.seal(by: c.sealer)
        #expect(sealed?.block == nil)
        #expect(sealed?.dropped.map(\.reason.code) == ["replayed-nonce"])
        #expect(a.pendingCount == 0)

        let report = Chain.verify(store: try chain.reopenStore())
        #expect(report.isValid)
        #expect(report.tipHeight == 4)
        #expect(report.viewProblem == nil)
    }
}
