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

    @Flag(help: "Print JSON: an array of {exit_code, status, meaning}.") var json = false

    func run() throws {
        if json {
            return try printJSON(JSONValue.array(ExitStatus.allCases.map {
                ["exit_code": .int($0.rawValue), "status": .string($0.name), "meaning": .string($0.meaning)]
            }))
        }
        print(ExitStatus.table)
    }
}
