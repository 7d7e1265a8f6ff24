import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import Vault
import VaultClient

/// The benchmarks' load generator reads answers framed by Content-Length,
/// keeps connections alive, and refuses any other framing or a broken
/// answer with an error that names it (a canned server on loopback).
@Suite(.timeLimit(.minutes(1))) struct LoopbackHTTPTransportTests {
    /// Listens on 127.0.0.1; for each accepted connection, answers each
    /// request (up to its blank line; canned requests carry no body) with
    /// the next of `answers`, then closes after the connection's last one.
    final class CannedServer: @unchecked Sendable {
        let port: UInt16
        private let fd: Int32
        private let thread: Thread

        init(connections: [[String]]) throws {
            let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 }
            }
            guard bound, listen(listener, 4) == 0 else {
                close(listener)
                throw VaultError.unreachable("cannot listen")
            }
            fd = listener
            port = UInt16(bigEndian: address.sin_port)
            thread = Thread {
                for answers in connections {
                    let connection = accept(listener, nil, nil)
                    guard connection >= 0 else { return }
                    for answer in answers {
                        var request: [UInt8] = []
                        var byte: UInt8 = 0
                        while !request.suffix(4).elementsEqual("\r\n\r\n".utf8), recv(connection, &byte, 1, 0) == 1 { request.append(byte) }
                        _ = Array(answer.utf8).withUnsafeBytes { send(connection, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
                    }
                    close(connection)
                }
            }
            thread.start()
        }

        deinit { close(fd) }
    }

    func get(_ transport: LoopbackHTTPTransport) throws -> NodeResponse {
        try transport.send(NodeRequest(method: "GET", path: "/v1/health"), signature: nil)
    }

    @Test func readsAnswersAndReusesTheConnection() throws {
        let ok = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
        let missing = "HTTP/1.1 404 Not Found\r\ncontent-length: 5\r\ncontent-type: application/problem+json\r\n\r\nnope!"
        let server = try CannedServer(connections: [[ok, missing]])
        let transport = LoopbackHTTPTransport(port: server.port)
        let first = try get(transport)
        #expect(first.status == 200 && first.body == Array("{}".utf8) && first.contentType == "application/json")
        // The second answer only exists on the first connection: it was kept.
        let second = try get(transport)
        #expect(second.status == 404 && second.body == Array("nope!".utf8) && second.contentType == "application/problem+json")
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", "Transfer-Encoding"),
        ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n", "Content-Length is missing"),
        ("HTTP/1.1 200 OK\r\nContent-Length: -4\r\n\r\n", "Content-Length is missing or out of range"),
        ("SMTP ready\r\n\r\n", "status line"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "closed the connection"),
        ("", "closed the connection"),
    ]) func refusesWhatItCannotRead(answer: String, named: String) throws {
        let server = try CannedServer(connections: [[answer]])
        let transport = LoopbackHTTPTransport(port: server.port)
        do {
            let response = try get(transport)
            Issue.record("accepted: \(response.status)")
        } catch {
            #expect("\(error)".contains(named), "\(error)")
        }
    }

    @Test func aNodeThatIsNotListeningIsNamed() throws {
        let port: UInt16
        do { port = try CannedServer(connections: []).port }  // closed at once
        do {
            _ = try get(LoopbackHTTPTransport(port: port))
            Issue.record("a closed port answered")
        } catch {
            #expect("\(error)".contains("cannot reach the node at http://127.0.0.1:\(port)"), "\(error)")
        }
    }
}
