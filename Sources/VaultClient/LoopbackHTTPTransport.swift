import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Vault
import VaultSupport

/// The load generator of `vault bench node`: plain HTTP/1.1 (RFC 9112) to a
/// node on 127.0.0.1 over blocking sockets, one keep-alive connection per
/// concurrent caller.
///
/// The benchmark's 32 clients share the node's two cores, and with
/// `HTTPTransport` AsyncHTTPClient's event loops, futures and thread
/// hand-offs took about 13% of all the CPU of a run of gets (`perf record`).
/// This client does only what a request needs, so more of the figures are
/// the node's. It is not for parties: no TLS, no HTTP/2, no redirects, and
/// it takes only answers framed by `Content-Length` (the node's are); any
/// other framing is refused as malformed.
public final class LoopbackHTTPTransport: NodeTransport, @unchecked Sendable {
    // @unchecked Sendable: `idle` is guarded by `lock`; a connection is used
    // by one caller at a time.
    public let port: UInt16
    private let lock = NSLock()
    private var idle: [Int32] = []
    /// Answers larger than this are refused (the node's own request limit).
    static let maxAnswerBytes = NodeAPI.maxBodyBytes + 64 << 10

    /// Seconds a send or a read may wait.
    static let timeoutSeconds = 30

    public init(port: UInt16) { self.port = port }

    deinit { for fd in idle { close(fd) } }

    public func send(_ request: NodeRequest, signature: RequestSignature.Headers?) throws -> NodeResponse {
        let bytes = encode(request, signature: signature)
        // A kept-alive connection the node has closed fails before any byte
        // of an answer: try once more on a fresh one. (A request that did
        // reach the node is refused as a replay if sent again.)
        if let fd = lock.withLock({ idle.popLast() }) {
            if let answer = try? exchange(bytes, on: fd) { return finish(answer, fd) }
            close(fd)
        }
        let fd = try connectLoopback()
        do { return finish(try exchange(bytes, on: fd), fd) } catch {
            close(fd)
            throw error
        }
    }

    private func finish(_ answer: (NodeResponse, keepAlive: Bool), _ fd: Int32) -> NodeResponse {
        if answer.keepAlive { lock.withLock { idle.append(fd) } } else { close(fd) }
        return answer.0
    }

    private func encode(_ request: NodeRequest, signature: RequestSignature.Headers?) -> [UInt8] {
        let target = request.query.isEmpty ? request.path : request.path + "?" + request.query
        var head = "\(request.method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: \(request.body.count)\r\n"
        if !request.body.isEmpty || request.method == "POST" { head += "Content-Type: application/json\r\n" }
        if let signature {
            head += "Content-Digest: \(signature.contentDigest)\r\nSignature-Input: \(signature.signatureInput)\r\nSignature: \(signature.signature)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8) + request.body
    }

    private func connectLoopback() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw unreachable("socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        // Requests are written whole; Nagle would hold the next one back.
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        // A node that stops answering fails the call, as HTTPTransport's read timeout does.
        var timeout = timeval(tv_sec: Self.timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw unreachable(reason)
        }
        return fd
    }

    /// Writes the request and reads one answer.
    private func exchange(_ request: [UInt8], on fd: Int32) throws -> (NodeResponse, keepAlive: Bool) {
        var sent = 0
        while sent < request.count {
            let n = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, request.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw unreachable("the connection failed while sending: \(String(cString: strerror(errno)))") }
            sent += n
        }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        func readMore() throws {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            guard n > 0 else {
                if n == 0 { throw unreachable("the node closed the connection") }
                if errno == EAGAIN || errno == EWOULDBLOCK { throw unreachable("no answer within \(Self.timeoutSeconds) s") }
                throw unreachable(String(cString: strerror(errno)))
            }
            buffer += chunk[..<n]
        }
        var headEnd: Int?
        var scanned = 0
        while headEnd == nil {
            try readMore()
            headEnd = ByteSearch.firstIndex(of: Self.endOfHead, in: buffer[max(0, scanned - 3)...])
            scanned = buffer.count
            if headEnd == nil && buffer.count > 64 << 10 { throw malformed("its header block exceeds 64 KiB") }
        }
        // Header lines on bytes: String's splitting and trimming cost as
        // much as the rest of this client.
        let lines = buffer[..<headEnd!].split(separator: UInt8(ascii: "\n")).map { $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0 }
        guard let statusLine = lines.first else { throw malformed("it has no status line") }
        let status = statusLine.split(separator: UInt8(ascii: " "), maxSplits: 2)
        guard status.count >= 2, status[0].starts(with: "HTTP/1.".utf8), let code = Int(String(decoding: status[1], as: UTF8.self)) else {
            throw malformed("its status line is \(DisplayText.escaped(String(decoding: statusLine.prefix(80), as: UTF8.self)))")
        }
        var length: Int?
        var contentType = ""
        var keepAlive = status[0].elementsEqual("HTTP/1.1".utf8)
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
            let value = String(decoding: line[(colon + 1)...].drop { $0 == 0x20 || $0 == 0x09 }, as: UTF8.self)
            switch name {
            case "content-length": length = Int(value)
            case "content-type": contentType = value
            case "connection": keepAlive = value.lowercased() != "close"
            case "transfer-encoding": throw malformed("it is sent with Transfer-Encoding \(DisplayText.escaped(value)), not Content-Length")
            default: break
            }
        }
        guard let length, length >= 0, length <= Self.maxAnswerBytes else {
            throw malformed("its Content-Length is missing or out of range")
        }
        let bodyStart = headEnd! + Self.endOfHead.count
        while buffer.count < bodyStart + length { try readMore() }
        guard buffer.count == bodyStart + length else { throw malformed("bytes follow its body") }
        return (NodeResponse(status: code, body: Array(buffer[bodyStart...]), contentType: contentType), keepAlive)
    }

    /// The blank line that ends an answer's head.
    static let endOfHead: [UInt8] = Array("\r\n\r\n".utf8)

    private func unreachable(_ reason: String) -> VaultError {
        .unreachable("cannot reach the node at http://127.0.0.1:\(port): \(reason)")
    }

    private func malformed(_ reason: String) -> VaultError {
        .malformed("the node's answer on http://127.0.0.1:\(port) is not HTTP/1.1 this client reads: \(reason)")
    }
}
