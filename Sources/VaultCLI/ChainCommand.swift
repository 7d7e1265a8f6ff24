import ArgumentParser
import Foundation
import Ledger
import Vault
import VaultSupport

/// `vault chain …`: the permissioned chain. Logic lives in the Ledger module;
/// these commands parse arguments and print.
struct ChainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain",
        abstract: "Create, inspect, extend and verify the permissioned chain.",
        subcommands: [Keygen.self, Init.self, Show.self, Members.self, Verify.self, Prove.self, CheckProof.self,
                      Submit.self, Propose.self, Approve.self, Reindex.self])

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a member identity: an Ed25519 secret key file (mode 0600) and its public key.")

        @Option(help: "Member id (letters, digits, . _ - : @).") var id: String
        @Option(help: "Where to write the secret key file; an existing file is never replaced.") var out: String
        @Option(help: "Organisation, to print a ready members-file entry.") var organisation: String?
        @Option(help: "Comma-separated roles for the members-file entry (admin, authority, provider, clinician, auditor, validator).")
        var roles: String?

        func run() throws {
            try reportingErrors {
                let identity = try KeyFile.generate(memberID: id, path: out)
                print("wrote secret key for '\(id)' to \(out) (mode 0600; keep it private)")
                print("public key: \(identity.publicKey.hex)")
                if let organisation, let roles {
                    let entry = MembersFile.Entry(id: id, organisation: organisation,
                                                  roles: roles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
                                                  publicKey: identity.publicKey.hex)
                    _ = try entry.member()
                    print("members file entry:")
                    try printJSON(entry)
                }
            }
        }
    }

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the chain's genesis block from a members file.")

        @OptionGroup var dataDir: DataDirectoryOption
        @Option(help: "Members file (JSON; see docs/LEDGER.md).") var members: String
        @Option(name: .customLong("sealer-key"), help: "Key file of a validator listed in the members file; it seals the genesis block.")
        var sealerKey: String

        func run() throws {
            try reportingErrors {
                let genesis = try MembersFile.genesis(fromJSON: readFile(members, what: "members file"))
                let sealer = try KeyFile.read(path: sealerKey)
                let directory = dataDir.directory
                // Chain.create refuses a store that already holds a chain.
                let ledger = try Chain.create(genesis: genesis, sealer: sealer,
                                               store: Chain.sqliteStore(in: directory, create: true))
                print("created chain '\(genesis.chainName)' at \(directory.chainPath)")
                print("chain id: \(ledger.chainID.hex)")
                print("members: \(genesis.members.count); genesis sealed by \(sealer.memberID)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print blocks and their transactions.")

        @OptionGroup var dataDir: DataDirectoryOption
        @Option(help: "First height to show.") var from: UInt64 = 0
        @Option(help: "Most blocks to show.") var limit: Int = 100
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try reportingErrors {
                let ledger = try dataDir.openChain()
                let blocks = try ledger.blocks(from: from, limit: max(1, limit))
                if json {
                    try printJSON(blocks.map(BlockSummary.init))
                    return
                }
                print("chain \(ledger.chainID.hex) '\(ledger.genesis.chainName)', height \(ledger.height)")
                for block in blocks {
                    let summary = BlockSummary(block)
                    print("#\(summary.height)  \(summary.time)  hash \(short(summary.hash))…  sealer \(summary.sealer)  \(summary.transactionCount) \(block.genesis == nil ? "transaction(s)" : "entry (genesis)")")
                    if let genesis = summary.genesis {
                        for m in genesis.members {
                            print("    member \(m.id)  \(m.organisation)  [\(m.roles.joined(separator: ","))]  \(short(m.publicKey))…")
                        }
                    }
                    for tx in summary.transactions {
                        let p = tx.payload
                        let about = p.recordID ?? p.holder ?? p.member?.id ?? p.memberID ?? ""
                        print("    \(p.type)  by \(tx.submitter)  \(about)  tx \(short(tx.id))…")
                        if let written = p.writtenPolicy { print("        policy as written: \(DisplayText.escaped(written))") }
                    }
                }
            }
        }
    }

    struct Members: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the chain's members, removed ones included.")

        @OptionGroup var dataDir: DataDirectoryOption
        @Flag(help: "Print JSON.") var json = false

        struct Row: Codable {
            let id: String, organisation: String, roles: [String], publicKey: String
            let addedAt: UInt64, removedAt: UInt64?
            enum CodingKeys: String, CodingKey {
                case id, organisation, roles
                case publicKey = "public_key", addedAt = "added_at", removedAt = "removed_at"
            }
        }

        func run() throws {
            try reportingErrors {
                let ledger = try dataDir.openChain()
                let rows = ledger.allMembers.map {
                    Row(id: $0.member.id, organisation: $0.member.organisation, roles: $0.member.sortedRoles.map(\.name),
                        publicKey: $0.member.publicKey.hex, addedAt: $0.addedAt, removedAt: $0.removedAt)
                }
                if json { return try printJSON(rows) }
                for r in rows {
                    let status = r.removedAt.map { "removed at height \($0)" } ?? "active"
                    print("\(r.id)  \(r.organisation)  [\(r.roles.joined(separator: ","))]  added at height \(r.addedAt), \(status)  key \(short(r.publicKey))…")
                }
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay the whole chain and check every rule.",
            discussion: "Exit status: 0 valid; 1 invalid (the first bad height and the reason are printed); 2 the chain is valid but its query view is not (run `vault chain reindex`).")

        @OptionGroup var party: PartyOptions
        @Option(help: "HEIGHT:HASH of a block the chain must contain, e.g. the tip printed by an earlier verify; catches deleted newest blocks.")
        var expect: String?

        func run() throws {
            try reportingErrors {
                let reference = try expect.map(BlockReference.init(parsing:))
                let started = Date()
                let report: VerificationReport
                if party.remote {
                    // As an auditor: every block fetched from the node and replayed here from the pinned genesis.
                    guard reference == nil else { throw ValidationError("--expect applies to a local replica; the auditor pins the genesis instead") }
                    report = try party.run(default: "auditor") { folder, transport in try Auditor(folder: folder, transport: transport).verify() }
                } else {
                    report = Chain.verify(store: try Chain.sqliteStore(in: party.localChain), expecting: reference)
                }
                let seconds = Date().timeIntervalSince(started)
                if let failure = report.failure {
                    print("chain INVALID at height \(failure.height)\(failure.position.map { ", transaction \($0)" } ?? ""): \(failure.reason.description)")
                    print("blocks before height \(failure.height) are valid")
                    throw ExitCode(1)
                }
                print("chain valid: \(report.blocksVerified) blocks, \(report.transactionsVerified) transactions (\(String(format: "%.2f", seconds)) s)")
                print("tip: \(report.tipHeight ?? 0):\(report.tipHash?.hex ?? "-")   (record it; `--expect` it later to catch deleted blocks)")
                if let problem = report.viewProblem {
                    throw Console.fail("\(problem); run `vault chain reindex`", code: 2)
                }
            }
        }
    }

    struct Prove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the Merkle inclusion proof of a transaction (JSON).")

        @OptionGroup var dataDir: DataDirectoryOption
        @Option(help: "Transaction id (64 hex digits).") var tx: String
        @Option(help: "Write the proof to this file instead of standard output.") var out: String?

        func run() throws {
            try reportingErrors {
                guard let id = Digest32(hex: tx) else {
                    throw LedgerError.invalidInput("--tx must be a transaction id of 64 hex digits")
                }
                let proof = try dataDir.openChain().proveInclusion(of: id)
                let data = try proof.jsonData()
                if let out {
                    try AtomicFile.write([UInt8](data + Data("\n".utf8)), to: out, overwrite: true)
                    print("wrote the proof for transaction \(short(tx))… (height \(proof.height)) to \(out)")
                } else {
                    print(String(decoding: data, as: UTF8.self))
                }
            }
        }
    }

    struct CheckProof: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-proof",
            abstract: "Check an inclusion proof: its Merkle path, and, when a chain is present, that the block and its seal are this chain's.")

        @OptionGroup var dataDir: DataDirectoryOption
        @Option(help: "Proof file written by `vault chain prove`.") var proof: String
        @Flag(name: .customLong("offline"), help: "Check only the Merkle path, without a local chain.") var offline = false

        func run() throws {
            try reportingErrors {
                let parsed = try InclusionProof.decode(json: readFile(proof, what: "proof file"))
                let hasChain = FileManager.default.fileExists(atPath: dataDir.directory.chainPath)
                let checked: InclusionProof.Checked
                if offline || !hasChain {
                    checked = try parsed.check()
                } else {
                    checked = try dataDir.openChain().check(parsed)
                }
                let tx = checked.transaction
                print("proof valid: transaction \(tx.id.hex) (\(tx.kind.name) by \(tx.body.submitter)) is leaf \(parsed.leafIndex) of \(parsed.treeSize) in block \(checked.header.height), hash \(checked.header.hash.hex)")
                if offline || !hasChain {
                    print("checked offline: the Merkle path only; compare the block hash with a trusted copy of the chain")
                } else {
                    print("the block is this chain's block \(checked.header.height) and its seal by \(checked.header.sealer) is valid")
                }
            }
        }
    }

    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign a transaction and append it to the chain in a new block.")

        @OptionGroup var dataDir: DataDirectoryOption
        @Option(help: "Submitter's key file.") var key: String
        @Option(help: "Payload JSON file (see docs/LEDGER.md).") var payload: String?
        @Option(help: "Approved proposal file (membership changes).") var proposal: String?
        @Option(name: .customLong("sealer-key"), help: "Key file of the validator that seals the block.") var sealerKey: String

        func validate() throws {
            guard (payload == nil) != (proposal == nil) else {
                throw ValidationError("give exactly one of --payload or --proposal")
            }
        }

        func run() throws {
            try reportingErrors {
                let identity = try KeyFile.read(path: key)
                let sealer = try KeyFile.read(path: sealerKey)
                let ledger = try dataDir.openChain()
                let tx: SignedTransaction
                if let proposal {
                    let body = try ProposalFile.read(path: proposal)
                    guard body.submitter == identity.memberID else {
                        throw LedgerError.invalidInput("the proposal is to be submitted by '\(body.submitter)', not '\(identity.memberID)'")
                    }
                    tx = try body.signed(with: identity.key)
                } else if let payload {
                    let document = try PayloadDocument.decode(json: readFile(payload, what: "payload file"))
                    tx = try ledger.makeTransaction(document.payload(), by: identity)
                } else {
                    return
                }
                let block = try ledger.append([tx], sealedBy: sealer)
                print("appended \(tx.kind.name) transaction \(tx.id.hex) at height \(block.height)")
            }
        }
    }

    struct Propose: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a membership change (MemberAdded / MemberRemoved) for other admins to approve.")

        @OptionGroup var dataDir: DataDirectoryOption
        @Option(help: "Proposing admin's key file (this admin submits it later).") var key: String
        @Option(help: "Payload JSON file of type MemberAdded or MemberRemoved.") var payload: String
        @Option(help: "Where to write the proposal file.") var out: String

        func run() throws {
            try reportingErrors {
                let identity = try KeyFile.read(path: key)
                let document = try PayloadDocument.decode(json: readFile(payload, what: "payload file"))
                let body = try dataDir.openChain().makeBody(document.payload(), by: identity.memberID)
                guard body.kind == .memberAdded || body.kind == .memberRemoved else {
                    throw LedgerError.invalidInput("only MemberAdded and MemberRemoved need proposals; use `vault chain submit --payload`")
                }
                try ProposalFile.write(body, to: out, overwrite: false)
                print("wrote proposal (\(body.kind.name), nonce \(body.nonce)) to \(out); other admins approve it with `vault chain approve`")
            }
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add your admin approval to a proposal file.")

        @Option(help: "Approving admin's key file.") var key: String
        @Option(help: "Proposal file; rewritten in place with the approval added.") var proposal: String

        func run() throws {
            try reportingErrors {
                let identity = try KeyFile.read(path: key)
                let body = try ProposalFile.read(path: proposal)
                let approval = try Governance.approve(body, as: identity)
                try ProposalFile.write(body.adding(approvals: [approval]), to: proposal, overwrite: true)
                let document = PayloadDocument(body.payload)
                print("approved \(document.type) of '\(document.member?.id ?? document.memberID ?? "")' proposed by \(body.submitter) as \(identity.memberID)")
            }
        }
    }

    struct Reindex: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild the query and member views from the verified blocks.")

        @OptionGroup var dataDir: DataDirectoryOption

        func run() throws {
            try reportingErrors {
                let ledger = try dataDir.openChain()
                try ledger.rebuildViews()
                print("rebuilt the views of \(ledger.height + 1) blocks")
            }
        }
    }
}
