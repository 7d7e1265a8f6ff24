import Foundation
import Ledger

/// The auditor's use cases against a node it does not have to trust: the
/// whole chain is fetched and replayed locally from the pinned genesis.
public struct Auditor: Sendable {
    public let client: NodeClient
    public var chainID: Digest32 { client.chainID }
    let folder: PartyFolder

    public init(folder: PartyFolder, transport: NodeTransport) throws {
        self.folder = folder
        client = try NodeClient(folder: folder, transport: transport)
    }

    /// `vault chain verify --party AUDITOR`: every block, every rule and signature.
    public func verify() throws -> VerificationReport {
        var blocks: [StoredBlock] = []
        while true {
            let page = try client.call("GET", "/v1/chain/blocks", query: "from=\(blocks.count)&limit=1000", as: BlocksResponse.self)
            blocks += page.blocks.map { StoredBlock(height: $0.height, header: [UInt8]($0.header), seal: [UInt8]($0.seal),
                                                    entries: $0.entries.map { [UInt8]($0) }) }
            if page.blocks.count < 1000 { break }
        }
        return try Chain.verify(downloaded: blocks, chainID: chainID)
    }

    /// `vault audit --party AUDITOR`: events as the node's index has them.
    public func audit(record: String?, member: String?, since: String?, type: String?, limit: Int?) throws -> [AuditEvent] {
        var items: [URLQueryItem] = []
        if let record { items.append(.init(name: "record", value: record)) }
        if let member { items.append(.init(name: "member", value: member)) }
        if let since { items.append(.init(name: "since", value: since)) }
        if let type { items.append(.init(name: "type", value: type)) }
        if let limit { items.append(.init(name: "limit", value: String(limit))) }
        var components = URLComponents()
        components.queryItems = items.isEmpty ? nil : items
        return try client.call("GET", "/v1/audit", query: components.percentEncodedQuery ?? "", as: [AuditEvent].self)
    }
}
