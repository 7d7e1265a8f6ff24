import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Vault
import VaultSupport

/// A party's transport to a node over HTTP: the signed request goes out
/// with its `Content-Digest`, `Signature-Input` and `Signature` headers
/// (RFC 9421, RFC 9530); problem documents come back as they are.
public struct HTTPTransport: NodeTransport {
    public let base: URL
    let session: URLSession

    /// `url` is the node's address, e.g. http://127.0.0.1:7300.
    public init(url: String) throws {
        guard let base = URL(string: url), let scheme = base.scheme, ["http", "https"].contains(scheme), base.host != nil else {
            throw VaultError.malformed("--node must be an http:// or https:// URL such as http://127.0.0.1:7300, not \(DisplayText.escaped(url))")
        }
        self.base = base
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        configuration.httpMaximumConnectionsPerHost = 64
        session = URLSession(configuration: configuration)
    }

    public func send(_ request: NodeRequest, signature: RequestSignature.Headers?) throws -> NodeResponse {
        var components = URLComponents(url: base, resolvingAgainstBaseURL: false)!
        components.path = request.path
        components.percentEncodedQuery = request.query.isEmpty ? nil : request.query
        var urlRequest = URLRequest(url: components.url!)
        urlRequest.httpMethod = request.method
        if !request.body.isEmpty || request.method == "POST" {
            urlRequest.httpBody = Data(request.body)
            urlRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let signature {
            urlRequest.setValue(signature.contentDigest, forHTTPHeaderField: "Content-Digest")
            urlRequest.setValue(signature.signatureInput, forHTTPHeaderField: "Signature-Input")
            urlRequest.setValue(signature.signature, forHTTPHeaderField: "Signature")
        }
        let semaphore = DispatchSemaphore(value: 0)
        let box = Box()
        session.dataTask(with: urlRequest) { data, response, error in
            box.result = (data, response as? HTTPURLResponse, error)
            semaphore.signal()
        }.resume()
        semaphore.wait()
        guard let (data, response, error) = box.result, let response else {
            throw VaultError.unreachable("cannot reach the node at \(base.absoluteString): \(box.result?.2?.localizedDescription ?? "no answer")")
        }
        if let error { throw VaultError.unreachable("the request to \(base.absoluteString) failed: \(error.localizedDescription)") }
        return NodeResponse(status: response.statusCode, body: [UInt8](data ?? Data()),
                            contentType: response.value(forHTTPHeaderField: "Content-Type") ?? "")
    }

    final class Box: @unchecked Sendable { var result: (Data?, HTTPURLResponse?, Error?)? }
}
