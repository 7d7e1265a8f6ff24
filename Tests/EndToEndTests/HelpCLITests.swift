import Foundation
import Testing

/// Issue 15: every command's help carries an example, examples survive the
/// 80-column wrapping (a wrapped line would no longer paste as one command),
/// and shell completion scripts come from the argument parser.
@Suite struct HelpCLITests {
    /// Every command path, from the parser's own dump of the command tree.
    private func commandPaths(_ vault: VaultProcess) throws -> [[String]] {
        let dump = try vault.run("--experimental-dump-help")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var paths: [[String]] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            let subcommands = command["subcommands"] as? [[String: Any]] ?? []
            if subcommands.isEmpty { paths.append(path) }
            for sub in subcommands {
                if let name = sub["commandName"] as? String, name != "help" { walk(sub, path + [name]) }
            }
        }
        walk(try #require(root["command"] as? [String: Any]), [])
        return paths
    }

    /// The example lines of a help text: commands and their continuations.
    private func exampleLines(_ help: String) -> [String] {
        var lines: [String] = []
        var continuing = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if continuing || ["vault ", "cat ", "id="].contains(where: trimmed.hasPrefix) || trimmed.hasPrefix("Example: vault ") {
                lines.append(line)
                continuing = trimmed.hasSuffix("\\")
            }
        }
        return lines
    }

    @Test func everyCommandsHelpHasACopyableExample() throws {
        var vault = try VaultProcess()
        defer { vault.cleanUp() }
        let paths = try commandPaths(vault)
        #expect(paths.count > 40, "\(paths.count) commands")
        for path in paths {
            let name = "vault " + path.joined(separator: " ")
            vault.environment["COLUMNS"] = "1000"
            let unwrapped = exampleLines(try vault.run(path + ["--help"]).stdout)
            vault.environment["COLUMNS"] = "80"
            let wrapped = exampleLines(try vault.run(path + ["--help"]).stdout)
            #expect(!unwrapped.isEmpty, "`\(name) --help` has no example")
            // On an 80-column terminal the examples print exactly as written: none is wrapped mid-command.
            #expect(wrapped == unwrapped, "`\(name) --help` wraps an example at 80 columns: \(unwrapped)")
            for line in unwrapped where line.count > 79 { Issue.record("`\(name) --help`: \(line.count) columns: \(line)") }
        }
    }

    @Test func examplesRunAsPrinted() throws {
        // The examples of the commands a newcomer tries first, each help's
        // examples run as one bash script exactly as `--help` prints them,
        // in a folder holding the files they name: the vault in ./.vault,
        // ./authority, note.json, ./scans, and dr-alice's folder ./alice.
        let v = try ScriptingVault()
        defer { v.cleanUp() }
        try FileManager.default.moveItem(atPath: v.path("v"), toPath: v.path(".vault"))
        try FileManager.default.createSymbolicLink(atPath: v.path("authority"), withDestinationPath: ".vault/authority")
        try FileManager.default.createDirectory(atPath: v.path("scans"), withIntermediateDirectories: true)
        try v.vault.write("scans/scan-1.json", #"{"scan":1}"#)
        try v.vault.write("note.json", #"{"resourceType":"Bundle"}"#)
        let bin = v.vault.binary.deletingLastPathComponent().path
        let environment = ["PATH": bin + ":/usr/bin:/bin", "VAULT_DATA_DIR": "", "VAULT_NODE": "", "VAULT_PARTY": ""]
        for path in [["authority", "keygen"], ["authority", "setup"], ["encrypt"], ["decrypt"], ["inspect"], ["policy", "check"],
                     ["record", "put"], ["record", "get"], ["record", "list"], ["record", "show"], ["consent", "grant"],
                     ["record", "erase"], ["identity", "new"], ["member", "add"], ["audit"], ["chain", "verify"], ["chain", "members"],
                     ["doctor"], ["init"], ["exit-codes"], ["tune"]] {
            let lines = exampleLines(try v.vault.run(path + ["--help"]).stdout)
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .map { $0.hasPrefix("Example: ") ? String($0.dropFirst(9)) : $0 }
            let script = "set -euo pipefail\n" + lines.joined(separator: "\n")
            let ran = try v.vault.tool("bash", ["-c", script], environment: environment)
            #expect(ran.succeeded, "`vault \(path.joined(separator: " ")) --help` examples exit \(ran.status):\n\(script)\n\(ran.stderr)")
        }
    }

    @Test func completionScriptsAreGeneratedForBashAndZsh() throws {
        let vault = try VaultProcess()
        defer { vault.cleanUp() }
        for shell in ["bash", "zsh"] {
            let script = try vault.run("--generate-completion-script", shell)
            #expect(script.succeeded, "\(shell): \(script.stderr)")
            for word in ["record", "exit-codes", "--policy", "--resume"] {
                #expect(script.stdout.contains(word), "the \(shell) script does not complete \(word)")
            }
        }
        let checked = try vault.tool("bash", ["-n", "-c", try vault.run("--generate-completion-script", "bash").stdout])
        #expect(checked.succeeded, "bash -n: \(checked.stderr)")
    }
}
