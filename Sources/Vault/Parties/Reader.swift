import ABE
import Foundation
import Ledger
import VaultSupport

/// A reader (clinician, researcher, auditor) on its own machine: it holds its
/// identity and its signed attribute key; the node logs every read under the
/// reader's authenticated id; the blob is checked against an inclusion proof
/// of its anchor and decrypted here.
public struct Reader: Sendable {
    public let client: NodeClient
    public var chainID: Digest32 { client.chainID }

    public init(folder: PartyFolder, transport: NodeTransport) throws {
        client = try NodeClient(folder: folder, transport: transport)
    }

    /// `vault record get`: the record's plaintext.
    public func get(recordID id: String, keyFile: [UInt8], keyPath: String) throws -> (body: [UInt8], access: Receipt) {
        let (file, key) = try SignedKeyFile.decode(keyFile, path: keyPath)
        guard file.certificate.holder == client.identity.memberID else {
            throw VaultError.keyRefused("\(keyPath) is issued to \(DisplayText.escaped(file.certificate.holder)), not to \(client.identity.memberID)")
        }
        let response = try client.call("POST", AccessEvidence.readPath(of: id), json: ReadRequest(keyCertificate: file.certificate),
                                       as: ReadResponse.self)
        let blobBytes = [UInt8](response.blob)
        let anchor = try checkedAnchor(response.anchorProof, recordID: id)
        let found = SHA256.hash(blobBytes)
        guard found == anchor.ciphertextSHA256 else {
            throw VaultError.hashMismatch(record: id, expected: anchor.ciphertextSHA256.hex, found: found.hex)
        }
        let blob = try RecordBlob(decoding: blobBytes)
        var dataKey: [UInt8]
        do { dataKey = try RecordContainer.open(blob.wrappedKey, key: key) } catch {
            if case .abe(let abe) = error, case .policyNotSatisfied = abe {
                throw VaultError.policyNotSatisfied(record: id, detail: "this key's attributes do not satisfy the record's policy")
            }
            throw VaultError.policy("cannot open record \(id): \(error.description)")
        }
        defer { scrub(&dataKey) }
        return (try blob.openBody(dataKey: dataKey), response.access)
    }

    /// The anchor in a proof, after checking the Merkle path, the chain id
    /// and the seal against a validator named in the pinned genesis.
    func checkedAnchor(_ proof: InclusionProof, recordID: String) throws -> RecordAnchored {
        let checked = try proof.check()
        guard checked.header.chainID == chainID else {
            throw VaultError.malformed("the anchor's proof is for another chain than the one this party pinned")
        }
        let genesis = try pinnedGenesis()
        guard let sealer = genesis.members.first(where: { $0.id == checked.header.sealer && $0.has(.validator) }),
              checked.header.isSealed(by: sealer.publicKey, seal: checked.seal) else {
            throw VaultError.malformed("the anchor's block is not sealed by a validator of the pinned genesis")
        }
        guard case .recordAnchored(let anchor) = checked.transaction.body.payload, anchor.recordID == recordID else {
            throw VaultError.malformed("the node's proof is not of record \(recordID)'s anchor")
        }
        return anchor
    }

    /// The genesis block, fetched from the node and checked against the pinned chain id.
    func pinnedGenesis() throws -> GenesisConfig {
        let blocks = try client.call("GET", "/v1/chain/blocks", query: "from=0&limit=1", as: BlocksResponse.self)
        guard let first = blocks.blocks.first else { throw VaultError.malformed("the node has no genesis block") }
        let block = try Block(decoding: StoredBlock(height: first.height, header: [UInt8](first.header), seal: [UInt8](first.seal),
                                                    entries: first.entries.map { [UInt8]($0) }))
        guard let genesis = block.genesis, genesis.chainID == chainID else {
            throw VaultError.malformed("the node's genesis is not the one this party pinned (chain id \(chainID.hex.prefix(16))…)")
        }
        return genesis
    }
}
