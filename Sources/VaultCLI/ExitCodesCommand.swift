import ArgumentParser

/// `vault exit-codes` (and `vault help exit-codes`): the table every command follows.
struct ExitCodesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exit-codes",
        abstract: "The exit codes every vault command uses.",
        discussion: """
            \(ExitStatus.table)

            With --json, an error is one JSON object on standard error:
              {"error": {"exit_code": 4, "message": "…", "status": "access_denied"}}
            Example:
              vault exit-codes
            """)

    func run() {
        print(ExitStatus.table)
    }
}
