import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Vault
import VaultSupport

/// A party's transport to a node over HTTP: the signed request goes out
/// with its `Content-Digest`, `Signature-Input` and `Signature` headers
/// (RFC 9421, RFC 9530); problem documents come back as they are.
///
/// Built on AsyncHTTPClient: keep-alive connections pooled per node, and
/// over `https://` TLS with HTTP/2 negotiated by ALPN (RFC 9113 §3.2), all
/// requests of the party multiplexed on one connection. Plain `http://`
/// speaks HTTP/1.1. The calls block their thread, as the party code is
/// synchronous; they must not be made from an event loop.
public final class HTTPTransport: NodeTransport, @unchecked Sendable {
    // @unchecked Sendable: every stored property is immutable after init and
    // HTTPClient is itself thread-safe.
    public let base: URL
    private let client: HTTPClient
    private let timeout = TimeAmount.seconds(30)

    /// `url` is the node's address, e.g. http://127.0.0.1:7300 or
    /// https://node.hospital-a.example:7300. `trustedCertificates` names a
    /// PEM file of certificates to trust for an https node instead of the
    /// system's roots (a node with its own CA or a self-signed certificate).
    public init(url: String, trustedCertificates: String? = nil) throws {
        guard let base = URL(string: url), let scheme = base.scheme, ["http", "https"].contains(scheme), base.host != nil,
              base.path.isEmpty || base.path == "/" else {
            throw VaultError.malformed("--node must be an http:// or https:// URL such as http://127.0.0.1:7300, not \(DisplayText.escaped(url))")
        }
        self.base = base
        var tls = TLSConfiguration.makeClientConfiguration()
        if let trustedCertificates {
            guard scheme == "https" else {
                throw VaultError.malformed("--node-ca applies to an https:// node; \(DisplayText.escaped(url)) is plain http")
            }
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(trustedCertificates))
            } catch {
                throw VaultError.malformed("cannot read the node's CA certificates from \(DisplayText.escaped(trustedCertificates)): \(error)")
            }
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls, redirectConfiguration: .disallow,
                                                     timeout: .init(connect: .seconds(10), read: timeout))
        configuration.httpVersion = .automatic
        // One connection per concurrent caller over HTTP/1.1 (the default of
        // 8 would queue a benchmark's 32 clients behind each other).
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 128)
        configuration.decompression = .disabled
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    deinit { try? client.syncShutdown() }

    public func send(_ request: NodeRequest, signature: RequestSignature.Headers?) throws -> NodeResponse {
        var components = URLComponents(url: base, resolvingAgainstBaseURL: false)!
        components.path = request.path
        components.percentEncodedQuery = request.query.isEmpty ? nil : request.query
        guard let url = components.url else { throw VaultError.malformed("cannot form a URL for \(DisplayText.escaped(request.path))") }
        var headers = HTTPHeaders()
        if !request.body.isEmpty || request.method == "POST" { headers.add(name: "Content-Type", value: "application/json") }
        if let signature {
            headers.add(name: "Content-Digest", value: signature.contentDigest)
            headers.add(name: "Signature-Input", value: signature.signatureInput)
            headers.add(name: "Signature", value: signature.signature)
        }
        let response: HTTPClient.Response
        do {
            let outgoing = try HTTPClient.Request(url: url, method: HTTPMethod(rawValue: request.method), headers: headers,
                                                  body: request.body.isEmpty && request.method != "POST" ? nil : .bytes(request.body))
            response = try client.execute(request: outgoing, deadline: .now() + timeout).wait()
        } catch {
            throw VaultError.unreachable("cannot reach the node at \(base.absoluteString): \(Self.describe(error))")
        }
        var body = response.body ?? ByteBuffer()
        return NodeResponse(status: Int(response.status.code), body: body.readBytes(length: body.readableBytes) ?? [],
                            contentType: response.headers.first(name: "Content-Type") ?? "")
    }

    /// AsyncHTTPClient's errors print as type names; say what happened.
    static func describe(_ error: Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "the connection timed out"
            case .deadlineExceeded, .readTimeout: return "no answer within the timeout"
            case .remoteConnectionClosed: return "the node closed the connection"
            default: return String(describing: error)
            }
        }
        if let error = error as? NIOSSLError { return "TLS failed: \(error)" }
        return String(describing: error)
    }
}
