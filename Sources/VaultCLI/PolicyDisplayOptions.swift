import ABE
import ArgumentParser
import VaultSupport

/// How commands that show stored policies show them: as written, with
/// comparisons and dates (`clearance >= 3`, `valid_until >= 2027-01-01`),
/// or with `--compiled` as the bit attributes the ciphertext is encrypted
/// under. The chain keeps only the compiled form; it is read back through
/// the catalog's numeric domains, and only where that reading compiles to
/// the same bits (`PolicyNode.readable`).
struct PolicyDisplayOptions: ParsableArguments {
    @Flag(help: "Show policies as the bit attributes they compile to.")
    var compiled = false

    @Option(name: .customLong("catalog"), help: "Attribute catalog (JSON) whose numeric domains read policies back (default: the built-in one).")
    var catalogPath: String?

    func catalog() throws -> AttributeCatalog {
        try catalogPath.map(PolicyOptionsGroup.loadCatalog) ?? PolicyOptions.standard.catalog
    }

    /// A policy from the chain (compiled canonical text), escaped for printing.
    func show(_ compiledText: String, catalog: AttributeCatalog) -> String {
        DisplayText.escaped(text(compiledText, catalog: catalog))
    }

    /// The text (not escaped), for JSON.
    func text(_ compiledText: String, catalog: AttributeCatalog) -> String {
        compiled ? compiledText : PolicyNode.readableText(ofCompiled: compiledText, catalog: catalog)
    }
}
