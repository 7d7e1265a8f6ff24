import AsyncHTTPClient
import Foundation
import Ledger
import VaultSupport
import NIOCore
import NIOHTTP1

/// A client of an etcd v3 cluster through its JSON gateway, over
/// AsyncHTTPClient. Requests go to the member that last answered and fail
/// over to the others; a cluster that cannot answer within `timeout` (no
/// quorum, every member down) is reported as `LedgerError.unavailable`.
/// Its blocking calls must not run on a Swift concurrency thread.
public final class EtcdClient: @unchecked Sendable {
    // @unchecked Sendable: `preferred` is guarded by `lock`; HTTPClient is thread-safe.
    public let endpoints: [String]
    let timeout: TimeAmount
    let http: HTTPClient
    private let lock = NSLock()
    private var preferred = 0

    /// `endpoints`: client URLs of the members, e.g. `http://127.0.0.1:2379`.
    public init(endpoints: [String], timeout: TimeAmount = .seconds(2)) throws {
        guard !endpoints.isEmpty else { throw LedgerError.invalidInput("no etcd endpoint given (--etcd URL[,URL…])") }
        self.endpoints = try endpoints.map(Self.checkedEndpoint)
        self.timeout = timeout
        var configuration = HTTPClient.Configuration()
        // No read timeout: a watch stream is quiet until a block arrives.
        configuration.timeout = .init(connect: .milliseconds(500), read: nil)
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Parses and checks the `--etcd` value: comma-separated member URLs.
    public static func endpoints(parsing list: String) throws -> [String] {
        let endpoints = try list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map(checkedEndpoint)
        guard !endpoints.isEmpty else { throw LedgerError.invalidInput("no etcd endpoint given (--etcd URL[,URL…])") }
        return endpoints
    }

    static func checkedEndpoint(_ text: String) throws -> String {
        guard let url = URL(string: text), let scheme = url.scheme, scheme == "http" || scheme == "https",
              url.host?.isEmpty == false, url.port != nil, url.path.isEmpty || url.path == "/", url.query == nil
        else {
            throw LedgerError.invalidInput("etcd endpoint \(DisplayText.escaped(text)) is not an http(s)://HOST:PORT URL")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    public func shutdown() {
        try? http.syncShutdown()
    }

    /// POSTs `body` to `path` on the first member that answers.
    func call<Reply: Decodable>(_ path: String, _ body: some Encodable, as: Reply.Type) throws -> Reply {
        let data = try EtcdWire.encoder().encode(body)
        let start = lock.withLock { preferred }
        var problems: [String] = []
        for step in 0..<endpoints.count {
            let index = (start + step) % endpoints.count
            let endpoint = endpoints[index]
            let response: HTTPClient.Response
            do {
                let request = try HTTPClient.Request(url: endpoint + path, method: .POST,
                                                     headers: ["Content-Type": "application/json"], body: .bytes(data))
                response = try http.execute(request: request, deadline: .now() + timeout).wait()
            } catch {
                problems.append("\(endpoint): \(Self.describe(error))")
                continue
            }
            var buffer = response.body ?? ByteBuffer()
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            guard response.status == .ok else {
                let reason = (try? EtcdWire.decoder().decode(EtcdWire.ErrorBody.self, from: Data(bytes)))
                    .flatMap { $0.message ?? $0.error } ?? "HTTP \(response.status.code)"
                problems.append("\(endpoint): \(DisplayText.escaped(String(reason.prefix(200))))")
                continue
            }
            do {
                let reply = try EtcdWire.decoder().decode(Reply.self, from: Data(bytes))
                lock.withLock { preferred = index }
                return reply
            } catch {
                problems.append("\(endpoint): the reply is not etcd's (\(error))")
            }
        }
        throw LedgerError.unavailable("no etcd member answered within \(timeout.nanoseconds / 1_000_000) ms: " + problems.joined(separator: "; "))
    }

    /// The keys and values in [key, rangeEnd), in key order, at most `limit`.
    func range(from key: [UInt8], to rangeEnd: [UInt8], limit: Int) throws -> [(key: [UInt8], value: [UInt8])] {
        let reply = try call("/v3/kv/range", EtcdWire.RangeRequest(key: EtcdWire.base64(key), rangeEnd: EtcdWire.base64(rangeEnd),
                                                                    limit: String(limit)), as: EtcdWire.RangeResponse.self)
        let values = try (reply.kvs ?? []).map { kv in
            guard let k = EtcdWire.bytes(kv.key), let v = EtcdWire.bytes(kv.value) else {
                throw LedgerError.malformedEncoding("etcd returned a key or value that is not base64")
            }
            return (key: k, value: v)
        }
        return values
    }

    /// The greatest key in [key, rangeEnd) (nil when there is none), with
    /// the cluster's revision when it answered: one linearizable read.
    func lastKey(from key: [UInt8], to rangeEnd: [UInt8]) throws -> (key: [UInt8]?, revision: Int64) {
        let reply = try call("/v3/kv/range", EtcdWire.RangeRequest(key: EtcdWire.base64(key), rangeEnd: EtcdWire.base64(rangeEnd),
                                                                    limit: "1", sortOrder: "DESCEND", sortTarget: "KEY", keysOnly: true),
                             as: EtcdWire.RangeResponse.self)
        let revision = Int64(reply.header?.revision ?? "0") ?? 0
        guard let kv = reply.kvs?.first else { return (nil, revision) }
        guard let last = EtcdWire.bytes(kv.key) else { throw LedgerError.malformedEncoding("etcd returned a key that is not base64") }
        return (last, revision)
    }

    /// Puts `value` at `key` only if `key` does not exist yet (its creation
    /// revision is 0), in one etcd transaction. Returns nil when the put
    /// happened, else the value already there.
    func putIfAbsent(key: [UInt8], value: [UInt8]) throws -> [UInt8]? {
        let k = EtcdWire.base64(key)
        let txn = EtcdWire.TxnRequest(
            compare: [.init(key: k, result: "EQUAL", target: "CREATE", createRevision: "0")],
            success: [.init(requestPut: .init(key: k, value: EtcdWire.base64(value)))],
            failure: [.init(requestRange: .init(key: k))])
        let reply = try call("/v3/kv/txn", txn, as: EtcdWire.TxnResponse.self)
        if reply.succeeded == true { return nil }
        guard let kv = reply.responses?.first?.responseRange?.kvs?.first, let existing = EtcdWire.bytes(kv.value) else {
            throw LedgerError.unavailable("etcd refused the put but returned no value at the key")
        }
        return existing
    }

    /// Follows every change to keys starting with `prefix` from `revision`
    /// on, calling `onChange` with the keys and values each batch put
    /// (deletions are left out), until the stream ends or fails (then it
    /// throws); the caller reconnects.
    func watch(prefix: [UInt8], fromRevision revision: Int64,
               onChange: ([(key: [UInt8], value: [UInt8])]) -> Void) async throws {
        let body = try EtcdWire.encoder().encode(EtcdWire.WatchCreate(createRequest: .init(
            key: EtcdWire.base64(prefix), rangeEnd: EtcdWire.base64(EtcdWire.rangeEnd(ofPrefix: prefix)),
            startRevision: String(revision))))
        let endpoint = endpoints[lock.withLock { preferred }]
        var request = HTTPClientRequest(url: endpoint + "/v3/watch")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await http.execute(request, timeout: .hours(24 * 365))
        guard response.status == .ok else { throw LedgerError.unavailable("\(endpoint) refused the watch: HTTP \(response.status.code)") }
        var pending: [UInt8] = []
        for try await chunk in response.body {
            pending += chunk.readableBytesView
            guard pending.count <= 16 << 20 else { throw LedgerError.unavailable("a watch message from \(endpoint) exceeds 16 MiB") }
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                guard !line.isEmpty else { continue }
                let message = try EtcdWire.decoder().decode(EtcdWire.WatchLine.self, from: Data(line))
                if let failure = message.error { throw LedgerError.unavailable("the watch ended: \(failure.message ?? "unknown error")") }
                guard let result = message.result else { continue }
                if result.canceled == true {
                    throw LedgerError.unavailable("etcd cancelled the watch: \(result.cancelReason ?? "compacted at \(result.compactRevision ?? "?")")")
                }
                if let events = result.events, !events.isEmpty {
                    let puts = events.compactMap { event -> (key: [UInt8], value: [UInt8])? in
                        guard event.type == nil || event.type == "PUT", let kv = event.kv,
                              let key = EtcdWire.bytes(kv.key), let value = EtcdWire.bytes(kv.value) else { return nil }
                        return (key, value)
                    }
                    onChange(puts)
                }
            }
        }
        throw LedgerError.unavailable("\(endpoint) closed the watch stream")
    }

    /// The members' CPU seconds so far, summed (Prometheus's
    /// `process_cpu_seconds_total` on each member's `/metrics`), for the
    /// benchmark; nil when any member does not answer.
    public func processCPUSeconds() -> Double? {
        var total = 0.0
        for endpoint in endpoints {
            guard let response = try? http.get(url: endpoint + "/metrics", deadline: .now() + timeout).wait(),
                  response.status == .ok, var body = response.body,
                  let text = body.readString(length: body.readableBytes) else { return nil }
            let name = "process_cpu_seconds_total "
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
                  let seconds = Double(line.dropFirst(name.count).trimmingCharacters(in: .whitespaces)) else { return nil }
            total += seconds
        }
        return total
    }

    static func describe(_ error: Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "connection timed out"
            case .deadlineExceeded, .readTimeout: return "no answer in time (no quorum?)"
            case .remoteConnectionClosed: return "closed the connection"
            default: return String(describing: error)
            }
        }
        return String(describing: error)
    }
}
