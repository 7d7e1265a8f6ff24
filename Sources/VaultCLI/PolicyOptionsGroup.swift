import ABE
import ArgumentParser

/// `--catalog` and `--allow-unknown-attributes`, the same wherever a policy or attribute set is read.
struct PolicyOptionsGroup: ParsableArguments {
    @Option(help: "Attribute catalog (JSON) to check against instead of the built-in one.")
    var catalog: String?

    @Flag(help: "Accept attributes the catalog does not list.")
    var allowUnknownAttributes = false

    func resolve() throws -> PolicyOptions {
        var options = PolicyOptions.standard
        options.allowUnknownAttributes = allowUnknownAttributes
        if let catalog { options.catalog = try Self.loadCatalog(catalog) }
        return options
    }

    /// A catalog file named on the command line; refused (exit 3) with its path.
    static func loadCatalog(_ path: String) throws -> AttributeCatalog {
        do { return try AttributeCatalog(contentsOfFile: path) } catch {
            throw CommandFailure.refused("catalog \(Streams.name(path)): \(error.message)")
        }
    }
}

import ABE
