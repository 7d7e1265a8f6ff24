import ArgumentParser
import BLS12381
import Foundation

/// The `vault` command line. It stays thin: each subcommand parses its
/// arguments, calls one library function and prints the result.
/// Subcommand groups live one per file in this folder.
@main
struct VaultCommand: ParsableCommand {
    /// The release of this command line and its formats.
    static let version = "0.3.0"

    static let configuration = CommandConfiguration(
        commandName: "vault",
        abstract: "Attribute-based encryption record vault on BLS12-381.",
        version: "vault \(VaultCommand.version), field kernel: \(BuildInfo.fieldKernel)",
        subcommands: [
            DemoCommand.self,
            InitCommand.self,
            ServeCommand.self,
            ClusterCommand.self,
            IdentityCommand.self,
            MemberCommand.self,
            RecordCommand.self,
            ConsentCommand.self,
            DoctorCommand.self,
            AuthorityCommand.self,
            EncryptCommand.self,
            DecryptCommand.self,
            InspectCommand.self,
            PolicyCommand.self,
            BenchCommand.self,
            ChainCommand.self,
            AuditCommand.self,
            TuneCommand.self,
            ExitCodesCommand.self,
        ])

    /// Parses and runs a command; every error, from any layer, is reported
    /// by `Diagnostics` with the exit status of the documented table.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        // Errors come as JSON when the command line asks for JSON output.
        let json = arguments.prefix { $0 != "--" }.contains("--json")
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            Foundation.exit(Diagnostics.report(error, json: json))
        }
    }
}
