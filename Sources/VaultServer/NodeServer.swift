import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
import Logging
import NIOSSL
import Prometheus
import ServiceLifecycle
import Vault

/// `vault serve`: the node's HTTP API on Hummingbird. The server is
/// thin: it bounds sizes, hands the signature headers to `NodeAPI` for
/// authentication, routes through `NodeAPI.handle`, and serves the OpenAPI
/// document and Prometheus metrics. SIGTERM and SIGINT shut it down
/// gracefully (swift-service-lifecycle): in-flight requests finish and the
/// commit queue seals what it accepted before the node closes.
///
/// With TLS the node speaks HTTP/2 and HTTP/1.1 on one port, chosen by ALPN
/// (RFC 9113 §3.2, RFC 7301); without TLS it speaks HTTP/1.1 only, as
/// HTTP/2 over cleartext needs prior knowledge that clients do not have.
public enum NodeServer {
    /// The node's TLS certificate chain and private key, PEM files.
    public struct TLSFiles: Sendable {
        public var certificateChain: String
        public var privateKey: String
        public init(certificateChain: String, privateKey: String) {
            self.certificateChain = certificateChain
            self.privateKey = privateKey
        }

        /// The server configuration, or an error naming the file that failed.
        func configuration() throws -> TLSConfiguration {
            let chain: [NIOSSLCertificate]
            do { chain = try NIOSSLCertificate.fromPEMFile(certificateChain) } catch {
                throw VaultError.malformed("cannot read the TLS certificate chain \(certificateChain): \(error)")
            }
            guard !chain.isEmpty else { throw VaultError.malformed("\(certificateChain) holds no PEM certificate") }
            let key: NIOSSLPrivateKey
            do { key = try NIOSSLPrivateKey(file: privateKey, format: .pem) } catch {
                throw VaultError.malformed("cannot read the TLS private key \(privateKey): \(error)")
            }
            var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                         privateKey: .privateKey(key))
            configuration.minimumTLSVersion = .tlsv12
            return configuration
        }
    }

    /// Header bytes above this are refused with 431.
    public static let maxHeaderBytes = 16 * 1024

    public static func run(node: VaultNode, host: String, port: Int, tls: TLSFiles? = nil, logger: Logger,
                           onRunning: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let server: HTTPServerBuilder = try tls.map { try .http2Upgrade(tlsConfiguration: try $0.configuration()) } ?? .http1()
        let api = NodeAPI(node: node)
        let metrics = NodeMetrics()
        let openAPI = openAPIDocument()
        let responder = CallbackResponder<BasicRequestContext> { request, context in
            let started = ContinuousClock.now
            let response = await respond(request, api: api, openAPI: openAPI, metrics: metrics, logger: context.logger)
            metrics.observe(status: response.status.code, seconds: started.duration(to: .now))
            return response
        }
        let app = Application(responder: responder, server: server,
                              configuration: .init(address: .hostname(host, port: port), serverName: "record-vault-node"),
                              onServerRunning: { channel in onRunning(channel.localAddress?.port ?? port) },
                              logger: logger)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    static func respond(_ request: Request, api: NodeAPI, openAPI: [UInt8], metrics: NodeMetrics, logger: Logger) async -> Response {
        let path = request.uri.path
        let method = request.method.rawValue
        if method == "GET" && path == "/openapi.yaml" { return bytes(openAPI, status: .ok, type: "application/yaml") }
        if method == "GET" && path == "/metrics" { return bytes(metrics.text(), status: .ok, type: "text/plain; version=0.0.4") }
        let headerBytes = request.headers.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count + 4 }
        guard headerBytes <= maxHeaderBytes else {
            return problem(NodeProblem(status: 431, slug: "headers-too-large", title: "Request header fields too large",
                                       detail: "the request's headers have \(headerBytes) bytes; the limit is \(maxHeaderBytes)"))
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > NodeAPI.maxBodyBytes {
            return problem(.tooLarge("the body has \(length) bytes; the limit is \(NodeAPI.maxBodyBytes)"))
        }
        var request = request
        let body: [UInt8]
        do { body = [UInt8](buffer: try await request.collectBody(upTo: NodeAPI.maxBodyBytes)) } catch {
            return problem(.tooLarge("the body is larger than the limit of \(NodeAPI.maxBodyBytes) bytes"))
        }
        let nodeRequest = NodeRequest(method: method, path: path, query: request.uri.query ?? "", body: body)
        var caller: Caller?
        if !NodeAPI.isPublic(method: method, path: path) {
            func header(_ name: String) -> String? {
                request.headers.first { $0.name.canonicalName == name }?.value
            }
            do {
                caller = try api.authenticate(nodeRequest, contentDigest: header("content-digest"),
                                              signatureInput: header("signature-input"), signature: header("signature"))
            } catch {
                logger.info("refused \(method) \(path): \(error.detail)")
                return problem(error)
            }
        }
        let answer = await api.handle(nodeRequest, caller: caller)
        if answer.status >= 400 { logger.info("\(method) \(path) → \(answer.status) for \(caller?.memberID ?? "-")") }
        return bytes(answer.body, status: .init(code: answer.status), type: answer.contentType)
    }

    static func bytes(_ body: [UInt8], status: HTTPResponse.Status, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func problem(_ problem: NodeProblem) -> Response {
        bytes(NodeJSON.encode(problem), status: .init(code: problem.status), type: "application/problem+json")
    }

    /// The committed OpenAPI 3.1 document, bundled as a resource.
    static func openAPIDocument() -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let data = try? Data(contentsOf: url) else { return Array("openapi: 3.1.0\n".utf8) }
        return [UInt8](data)
    }
}

/// Prometheus metrics of the node: requests by status class and their latency.
final class NodeMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let ok: Counter
    let clientErrors: Counter
    let serverErrors: Counter
    let latency: DurationHistogram

    init() {
        let requests = MetricNameDescriptor(namespace: "vault", metricName: "requests", unitName: "total",
                                            helpText: "Requests answered, by status class")
        ok = registry.makeCounter(descriptor: requests, labels: [("class", "2xx")])
        clientErrors = registry.makeCounter(descriptor: requests, labels: [("class", "4xx")])
        serverErrors = registry.makeCounter(descriptor: requests, labels: [("class", "5xx")])
        latency = registry.makeDurationHistogram(descriptor: MetricNameDescriptor(namespace: "vault", metricName: "request_duration",
                                                                                  unitName: "seconds", helpText: "Time to answer a request"),
                                                 buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(20), .milliseconds(100),
                                                           .milliseconds(500), .seconds(2)])
    }

    func observe(status: Int, seconds: Duration) {
        switch status {
        case ..<400: ok.increment()
        case ..<500: clientErrors.increment()
        default: serverErrors.increment()
        }
        latency.record(seconds)
    }

    func text() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
