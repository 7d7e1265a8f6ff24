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
        if let catalog {
            do { options.catalog = try AttributeCatalog(contentsOfFile: catalog) } catch {
                throw CommandFailure.refused("catalog \(Streams.name(catalog)): \(error.message)")
            }
        }
        return options
    }
}

import ABE
