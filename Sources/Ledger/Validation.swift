/// One signature to check. Validation returns these instead of checking them
/// on the spot so that independent transactions can be verified on every
/// core (`SignatureVerifier`) while everything else is judged in order. The
/// refusal text is only built when a check fails: on the replay path it would
/// cost more than the bookkeeping around a verification.
struct SignatureCheck: Sendable {
    enum Subject: Sendable {
        /// The submitter's signature: the last 64 bytes of the encoding, over the rest.
        case transaction(SignedTransaction)
        case seal(header: [UInt8], signature: [UInt8], height: UInt64, sealer: String)
        case approval(message: [UInt8], signature: [UInt8], admin: String)
        /// A reader's signed read request carried by an `AccessLogged`.
        case evidence(message: [UInt8], signature: [UInt8], reader: String)
    }

    let key: PublicKey
    let subject: Subject

    var isValid: Bool { isValid(remembering: nil) }

    /// With `remembering`, a signature verified before in this process is
    /// not verified again (the append path; replay sees each once).
    func isValid(remembering known: VerifiedSignatures?) -> Bool {
        func verify(_ signature: UnsafeRawBufferPointer, _ message: UnsafeRawBufferPointer) -> Bool {
            known?.isValid(signature, for: message, key: key) ?? key.isValidSignature(signature, for: message)
        }
        switch subject {
        case .transaction(let tx):
            let split = tx.encoded.count - PublicKey.signatureByteCount
            return tx.encoded.withUnsafeBytes { raw in
                verify(UnsafeRawBufferPointer(rebasing: raw[split...]), UnsafeRawBufferPointer(rebasing: raw[..<split]))
            }
        case .seal(let message, let signature, _, _), .approval(let message, let signature, _),
             .evidence(let message, let signature, _):
            return signature.withUnsafeBytes { s in message.withUnsafeBytes { m in verify(s, m) } }
        }
    }

    var failure: LedgerError {
        switch subject {
        case .transaction(let tx):
            .badSignature("\(tx.kind.name) transaction \(tx.id.hex.prefix(16))… by '\(tx.body.submitter)'")
        case .seal(_, _, let height, let sealer):
            .badSignature("seal of block \(height) by '\(sealer)'")
        case .approval(_, _, let admin):
            .badSignature("approval by '\(admin)'")
        case .evidence(_, _, let reader):
            .invalidTransaction("the access evidence is not signed by \(reader)")
        }
    }

    func check() throws {
        guard isValid else { throw failure }
    }
}

/// The rules of the chain, applied identically when a block is appended and
/// when the whole chain is replayed by `vault chain verify`.
extension ChainState {
    /// Checks a genesis block and returns the state right after it.
    static func afterGenesis(_ block: Block) throws -> ChainState {
        guard let genesis = block.genesis else {
            throw LedgerError.brokenChain("the block at height 0 is not a genesis block")
        }
        let header = block.header
        guard header.height == 0 else {
            throw LedgerError.brokenChain("the genesis block claims height \(header.height)")
        }
        guard header.previousHash == .zero else {
            throw LedgerError.brokenChain("the genesis block has a previous hash")
        }
        guard header.chainID == genesis.chainID else {
            throw LedgerError.brokenChain("the genesis header names chain \(header.chainID.hex), but its configuration hashes to \(genesis.chainID.hex)")
        }
        guard header.transactionCount == 1,
              header.merkleRoot == MerkleTree.root(leaves: [genesis.canonicalBytes]) else {
            throw LedgerError.brokenChain("the genesis header's Merkle root does not match its configuration")
        }
        guard let sealer = genesis.members.first(where: { $0.id == header.sealer }) else {
            throw LedgerError.unknownMember(header.sealer)
        }
        guard sealer.has(.validator) else {
            throw LedgerError.wrongRole(member: sealer.id, action: "seal blocks", allowed: [.validator])
        }
        try SignatureCheck(key: sealer.publicKey, subject: .seal(header: header.canonicalBytes, signature: block.seal,
                                                                 height: 0, sealer: sealer.id)).check()
        return ChainState(genesis: genesis, header: header)
    }

    /// Checks the header of the next block: chain, height, hash link, time,
    /// transaction count, Merkle root and the sealer's membership and role.
    /// Returns the seal's signature check, for the caller to run.
    func checkHeader(_ header: BlockHeader, seal: [UInt8], leafHashes: [Digest32]) throws -> SignatureCheck {
        guard header.chainID == chainID else {
            throw LedgerError.brokenChain("the block belongs to chain \(header.chainID.hex), not \(chainID.hex)")
        }
        guard header.height == height + 1 else {
            throw LedgerError.brokenChain("the block claims height \(header.height) but follows height \(height)")
        }
        guard header.previousHash == tipHash else {
            throw LedgerError.brokenChain("the previous-hash link \(header.previousHash.hex) does not match block \(height) (\(tipHash.hex))")
        }
        guard header.time > tipTime else {
            throw LedgerError.brokenChain("block time \(header.time) is not after the previous block's \(tipTime)")
        }
        guard header.transactionCount > 0 else {
            throw LedgerError.brokenChain("the block holds no transactions")
        }
        guard header.transactionCount <= Chain.maxBlockTransactions else {
            throw LedgerError.brokenChain("the block holds \(header.transactionCount) transactions, more than \(Chain.maxBlockTransactions)")
        }
        guard Int(header.transactionCount) == leafHashes.count else {
            throw LedgerError.brokenChain("the header counts \(header.transactionCount) transactions but \(leafHashes.count) are stored")
        }
        guard MerkleTree.root(leafHashes: leafHashes) == header.merkleRoot else {
            throw LedgerError.brokenChain("the Merkle root of the transactions does not match the header")
        }
        let sealer = try activeMember(header.sealer)
        guard sealer.has(.validator) else {
            throw LedgerError.wrongRole(member: sealer.id, action: "seal blocks", allowed: [.validator])
        }
        return SignatureCheck(key: sealer.publicKey, subject: .seal(header: header.canonicalBytes, signature: seal,
                                                                    height: header.height, sealer: sealer.id))
    }

    /// Judges `tx` as the next transaction of the block at `height` sealed at
    /// `blockTime`, and applies it. The submitter's signature is returned,
    /// not checked; admin approvals are checked here, since they decide
    /// membership for the transactions that follow.
    /// Judges `tx` by every rule but its signatures, and returns the
    /// signature checks it needs: the submitter's, and a logged read's evidence.
    mutating func apply(_ tx: SignedTransaction, height: UInt64, blockTime: UInt64) throws -> [SignatureCheck] {
        let body = tx.body
        guard body.chainID == chainID else {
            throw LedgerError.invalidTransaction("signed for chain \(body.chainID.hex), not this chain \(chainID.hex)")
        }
        let submitter = try activeMember(body.submitter)
        let kind = body.kind
        guard kind.allowedRoles.contains(where: submitter.has) else {
            throw LedgerError.wrongRole(member: submitter.id, action: kind.actionPhrase, allowed: kind.allowedRoles)
        }
        var checks = [SignatureCheck(key: submitter.publicKey, subject: .transaction(tx))]
        if case .accessLogged(let access) = body.payload, let evidence = try checkAccess(access, loggedBy: submitter) {
            checks.append(evidence)
        }
        if let last = members[submitter.id]?.lastNonce, body.nonce <= last {
            throw LedgerError.replayedNonce(member: submitter.id, nonce: body.nonce, lastUsed: last)
        }
        guard body.time <= blockTime &+ Self.maxClockSkewMillis else {
            throw LedgerError.invalidTransaction("its time \(body.time) is later than its block's time \(blockTime)")
        }
        try checkContent(body)
        try applyGovernance(body, height: height)
        recordNonce(body.nonce, of: submitter.id)
        return checks
    }

    /// Rules that need nothing but the transaction itself.
    private func checkContent(_ body: TransactionBody) throws {
        switch body.payload {
        case .recordAnchored(let p):
            guard p.policyDigest == RecordAnchored.digest(ofPolicy: p.policy) else {
                throw LedgerError.invalidTransaction("the policy digest of record '\(p.recordID)' is not SHA-256 of its policy")
            }
        case .keyIssued(let p):
            guard p.expiresAt > body.time else {
                throw LedgerError.invalidTransaction("the key for '\(p.holder)' expires before it is issued")
            }
        default:
            break
        }
    }

    /// Membership changes: the target, the approvals and the majority rule.
    private mutating func applyGovernance(_ body: TransactionBody, height: UInt64) throws {
        switch body.payload {
        case .memberAdded(let p):
            let new = p.member
            if members[new.id] != nil {
                throw LedgerError.governance("member id '\(new.id)' is already taken (ids are never reused)")
            }
            if let holder = members.values.first(where: { $0.member.publicKey == new.publicKey }) {
                throw LedgerError.governance("the public key of '\(new.id)' already belongs to '\(holder.member.id)'")
            }
            try checkApprovals(p.approvals, for: body)
            add(new, at: height)
        case .memberRemoved(let p):
            let target = try activeMember(p.memberID)
            try checkApprovals(p.approvals, for: body)
            let admins = activeAdminCount - (target.has(.admin) ? 1 : 0)
            let validators = activeValidatorCount - (target.has(.validator) ? 1 : 0)
            guard admins > 0 else { throw LedgerError.governance("removing '\(target.id)' would leave no admin") }
            guard validators > 0 else {
                throw LedgerError.governance("removing '\(target.id)' would leave no validator to seal blocks")
            }
            remove(target.id, at: height)
        default:
            break
        }
    }

    /// The submitter counts as one approval; every other approval must come
    /// from a distinct active admin and carry a valid signature. Together
    /// they must exceed half of the active admins.
    private func checkApprovals(_ approvals: [Approval], for body: TransactionBody) throws {
        let message = Governance.approvalMessage(for: body)
        var approvers: Set<String> = [body.submitter]
        for approval in approvals {
            guard approvers.insert(approval.adminID).inserted else {
                throw LedgerError.governance("admin '\(approval.adminID)' approves twice (the submitter's own approval is its signature)")
            }
            let admin = try activeMember(approval.adminID)
            guard admin.has(.admin) else {
                throw LedgerError.wrongRole(member: admin.id, action: "approve membership changes", allowed: [.admin])
            }
            try SignatureCheck(key: admin.publicKey,
                               subject: .approval(message: message, signature: approval.signature, admin: admin.id)).check()
        }
        let needed = Governance.requiredApprovals(activeAdmins: activeAdminCount)
        guard approvers.count >= needed else {
            throw LedgerError.governance("\(approvers.count) of \(activeAdminCount) admins approved; a majority needs \(needed)")
        }
    }
}
