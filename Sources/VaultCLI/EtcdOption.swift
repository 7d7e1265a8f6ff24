import ArgumentParser
import Foundation
import Ledger
import LedgerEtcd

/// `--etcd URL[,URL…]`: the client URLs of the etcd cluster's members.
struct EtcdOption: ParsableArguments {
    @Option(name: .customLong("etcd"), help: "Client URLs of the etcd members, comma-separated (default: $VAULT_ETCD).")
    var list: String?

    /// The endpoints given, or $VAULT_ETCD, or `fallback` (node.json's), checked.
    func endpoints(fallback: [String]? = nil) throws -> [String]? {
        let text = list ?? ProcessInfo.processInfo.environment["VAULT_ETCD"]
        guard let text else { return fallback }
        return try EtcdClient(list: text).endpointsShuttingDown()
    }

    /// An orderer for `chainID` on the cluster.
    static func orderer(endpoints: [String], chainID: String) throws -> EtcdOrderer {
        guard let id = Digest32(hex: chainID) else { throw ValidationError("the chain id is 64 hex digits") }
        return EtcdOrderer(client: try EtcdClient(endpoints: endpoints), chainID: id)
    }
}

extension EtcdClient {
    /// The checked endpoint list, for a caller that only validates it.
    fileprivate func endpointsShuttingDown() -> [String] {
        defer { shutdown() }
        return endpoints
    }
}
