import Foundation
import ABE
import ArgumentParser

/// `--catalog FILE` and `--allow-unknown-attributes`: how every command that
/// reads a policy checks it (`vault policy check`, `vault tune`,
/// `vault bench sizes`, and `vault encrypt`), so the flags mean the same
/// everywhere.
struct CatalogOptions: ParsableArguments {
    @Option(help: "Attribute catalog (JSON) to check against instead of the built-in one.")
    var catalog: String?

    @Flag(help: "Accept attributes the catalog does not list.")
    var allowUnknownAttributes = false

    /// The policy options these flags select; a catalog that cannot be read
    /// is reported on standard error and exits with status 2.
    func policyOptions() throws -> PolicyOptions {
        var options = PolicyOptions.standard
        options.allowUnknownAttributes = allowUnknownAttributes
        if let catalog {
            do { options.catalog = try AttributeCatalog(contentsOfFile: catalog) } catch {
                FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
                throw ExitCode(2)
            }
        }
        return options
    }
}

