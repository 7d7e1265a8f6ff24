import Foundation
import Vault
import VaultSupport

/// A PostgreSQL connection string, `postgres://user[:password]@host[:port]/database`
/// (also `postgresql://`), with `?sslmode=disable|prefer|require` (default
/// prefer). User and password may be percent-encoded; the port defaults
/// to 5432; an IPv6 host goes in brackets.
public struct PostgresLocation: Sendable, Equatable {
    public enum SSLMode: String, Sendable { case disable, prefer, require }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode

    /// host:port/database, for messages: never the password.
    public var endpoint: String { (host.contains(":") ? "[\(host)]" : host) + ":\(port)/\(database)" }

    public init(parsing url: String) throws(VaultError) {
        func bad(_ why: String) -> VaultError {
            .malformed("PostgreSQL URL \(Self.redacted(url)): \(why); expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
        }
        var rest = Substring(url)
        if rest.hasPrefix("postgres://") { rest = rest.dropFirst("postgres://".count) }
        else if rest.hasPrefix("postgresql://") { rest = rest.dropFirst("postgresql://".count) }
        else { throw bad("it does not start with postgres://") }
        var query: Substring?
        if let mark = rest.firstIndex(of: "?") { query = rest[rest.index(after: mark)...]; rest = rest[..<mark] }
        guard let at = rest.lastIndex(of: "@") else { throw bad("it names no user (USER@ before the host)") }
        let userInfo = rest[..<at]
        let location = rest[rest.index(after: at)...]
        let userPart: Substring, passwordPart: Substring?
        if let colon = userInfo.firstIndex(of: ":") {
            (userPart, passwordPart) = (userInfo[..<colon], userInfo[userInfo.index(after: colon)...])
        } else { (userPart, passwordPart) = (userInfo, nil) }
        guard let user = String(userPart).removingPercentEncoding, !user.isEmpty else { throw bad("the user is empty or badly percent-encoded") }
        self.user = user
        if let passwordPart {
            guard let password = String(passwordPart).removingPercentEncoding else { throw bad("the password is badly percent-encoded") }
            self.password = password
        } else { password = nil }
        guard let slash = location.firstIndex(of: "/") else { throw bad("it names no database (/DATABASE after the host)") }
        let hostPort = location[..<slash]
        let database = String(location[location.index(after: slash)...]).removingPercentEncoding ?? ""
        guard !database.isEmpty, !database.contains("/") else { throw bad("the database name is empty or has a '/'") }
        self.database = database
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw bad("an IPv6 host lacks its closing ']'") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw bad("text after the IPv6 host that is not :PORT") }
                portText = after.dropFirst()
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            portText = hostPort[hostPort.index(after: colon)...]
        } else { host = String(hostPort) }
        guard !host.isEmpty else { throw bad("the host is empty") }
        if let portText {
            guard let port = Int(portText), (1...65535).contains(port), portText.allSatisfy(\.isASCII) else {
                throw bad("the port \(DisplayText.escaped(String(portText))) is not a number from 1 to 65535")
            }
            self.port = port
        } else { port = 5432 }
        sslMode = .prefer
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0] == "sslmode" else { throw bad("only ?sslmode=disable|prefer|require is understood, not \(DisplayText.escaped(String(pair)))") }
            guard let mode = SSLMode(rawValue: String(parts[1])) else { throw bad("sslmode is disable, prefer or require, not \(DisplayText.escaped(String(parts[1])))") }
            sslMode = mode
        }
    }

    /// The URL with any password replaced by "***", for messages.
    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url.lastIndex(of: "@"), at > scheme.upperBound else { return DisplayText.escaped(url) }
        let userInfo = url[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return DisplayText.escaped(url) }
        return DisplayText.escaped(String(url[..<colon]) + ":***" + String(url[at...]))
    }
}
