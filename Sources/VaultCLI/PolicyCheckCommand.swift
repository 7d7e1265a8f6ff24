import Foundation
import ABE
import ArgumentParser

/// `vault policy check "…"`: parse, check and size a policy.
struct PolicyCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse a policy, print its canonical form, attributes and LSSS size.",
        discussion: """
            Example:
              vault policy check "role:cardiologist AND hospital:A AND clearance >= 3" \\
                --attributes "role:cardiologist, hospital:A, clearance=5"
            The grammar and the catalog format are described in docs/POLICY.md.
            """)

    @Argument(help: "The policy, e.g. \"role:cardiologist AND (hospital:A OR hospital:B)\".")
    var policy: String

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: "An attribute set to test, e.g. \"role:nurse, hospital:A, clearance=3, valid_until=2027-06-30\".")
    var attributes: String?

    @OptionGroup var policyOptions: PolicyOptionsGroup

    @Flag(help: "Also print the LSSS matrix.")
    var matrix = false

    func run() throws {
        let options = try policyOptions.resolve()
        let report = try PolicyCheckReport.check(policy: policy, attributes: attributes,
                                                 options: options, includeMatrix: matrix)
        print(json ? report.jsonText : report.text)
    }
}
