import ArgumentParser
import Foundation

/// Output helpers shared by the commands: errors go to standard error with a
/// non-zero exit, results to standard output.
enum Console {
    /// Writes `error: TEXT` (diagnostics that carry their own `error:` and
    /// source position, as the policy checker's do, keep theirs).
    static func error(_ text: String) {
        let line = text.hasPrefix("error: ") ? text : "error: " + text
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Prints the error and exits with `code` (1 by default).
    static func fail(_ text: String, code: Int32 = 1) -> ExitCode {
        error(text)
        return ExitCode(code)
    }

    static func readFile(_ path: String, what: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail(FileManager.default.fileExists(atPath: path) ? "cannot read \(what) \(path)" : "\(what) \(path) does not exist")
        }
        return [UInt8](data)
    }
}

/// `--catalog` and `--allow-unknown-attributes`, the same wherever a policy or attribute set is read.
struct PolicyOptionsGroup: ParsableArguments {
    @Option(help: "Attribute catalog (JSON) to check against instead of the built-in one.")
    var catalog: String?

    @Flag(help: "Accept attributes the catalog does not list.")
    var allowUnknownAttributes = false

    func resolve() throws -> PolicyOptions {
        var options = PolicyOptions.standard
        options.allowUnknownAttributes = allowUnknownAttributes
        if let catalog {
            do { options.catalog = try AttributeCatalog(contentsOfFile: catalog) } catch {
                throw Console.fail(error.message, code: 2)
            }
        }
        return options
    }
}

import ABE
