/// The exit codes of every `vault` command: one table, shown by
/// `vault help exit-codes` and docs/VAULT.md, so a script can tell a typo
/// from a denial from a tampered blob without reading the message.
enum ExitStatus: Int32, CaseIterable, Sendable {
    case success = 0
    case failure = 1
    case usage = 2
    case inputRefused = 3
    case accessDenied = 4
    case integrityFailure = 5
    case unavailable = 6

    /// The stable name in JSON error objects (`"status": "access_denied"`).
    var name: String {
        switch self {
        case .success: "success"
        case .failure: "internal"
        case .usage: "usage"
        case .inputRefused: "input_refused"
        case .accessDenied: "access_denied"
        case .integrityFailure: "integrity_failure"
        case .unavailable: "unavailable"
        }
    }

    /// One line each, so the table fits 80 columns (docs/VAULT.md says more).
    var meaning: String {
        switch self {
        case .success: "the command did what it says"
        case .failure: "a bug, or the system failed (disk full, I/O error)"
        case .usage: "wrong command line: unknown option, bad or clashing values"
        case .inputRefused: "unusable input: missing, empty or malformed file, policy,"
            + " key or record id; an output that exists"
        case .accessDenied: "not allowed: the key misses attributes, has expired or is"
            + " another authority's; the member lacks the role or is revoked"
        case .integrityFailure: "altered: a blob against its anchor, a container, the chain"
            + " or a proof fails verification"
        case .unavailable: "the node or its etcd cluster is unreachable or has no"
            + " quorum; a write's outcome may be unknown, retry"
        }
    }

    /// The table as printed by `vault help exit-codes`.
    static var table: String {
        var out: [UInt8] = []
        for status in allCases {
            if !out.isEmpty { out.append(UInt8(ascii: "\n")) }
            wrap(status.meaning, lead: "  \(status.rawValue)  \(status.name.padded(18)) ", width: 80, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` after `lead`, wrapped at spaces, continued under its first word.
    /// Works on UTF-8 bytes and counts them as columns, which is right for
    /// this ASCII table: the table is part of `exit-codes`' discussion, so it
    /// is built with the command tree by every `vault` process, and wrapping
    /// by Characters (`String.count`, appends of Substrings, then `joined`)
    /// cost 1.7 M instructions of each one (docs/BLS12381.md, "What a command
    /// still pays before it starts").
    private static func wrap(_ text: String, lead: String, width: Int, into out: inout [UInt8]) {
        let space = UInt8(ascii: " ")
        out.append(contentsOf: lead.utf8)
        let indent = lead.utf8.count
        var column = indent
        for word in text.utf8.split(separator: space) {
            if column + word.count + 1 > width, column > indent {
                out.append(UInt8(ascii: "\n"))
                out.append(contentsOf: repeatElement(space, count: indent))
                column = indent
            }
            if column > indent { out.append(space); column += 1 }
            out.append(contentsOf: word)
            column += word.count
        }
    }
}
