import ArgumentParser
import Vault
import VaultClient

/// How the clients of `vault bench node` and `vault bench cluster` talk to
/// the nodes on loopback.
enum LoadGenerator: String, CaseIterable, ExpressibleByArgument {
    /// `LoopbackHTTPTransport`: blocking sockets, only what a request needs.
    case minimal
    /// `HTTPTransport`, the parties' own transport (`vault record get`).
    case asyncHTTPClient = "async-http-client"

    static let help = ArgumentHelp("minimal (default) or async-http-client (the parties' own transport): how the clients speak HTTP to the nodes.")

    func transport(port: Int) throws -> NodeTransport {
        switch self {
        case .minimal: LoopbackHTTPTransport(port: UInt16(port))
        case .asyncHTTPClient: try HTTPTransport(url: "http://127.0.0.1:\(port)")
        }
    }
}
