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
        allCases.map { status in
            let lead = "  \(status.rawValue)  \(status.name.padded(18)) "
            return wrapped(status.meaning, lead: lead, width: 80)
        }.joined(separator: "\n")
    }

    /// `text` after `lead`, wrapped at spaces, continued under its first word.
    private static func wrapped(_ text: String, lead: String, width: Int) -> String {
        var lines: [String] = []
        var line = lead
        for word in text.split(separator: " ") {
            if line.count + word.count + 1 > width, line.count > lead.count {
                lines.append(line)
                line = String(repeating: " ", count: lead.count)
            }
            line += (line.count > lead.count ? " " : "") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
