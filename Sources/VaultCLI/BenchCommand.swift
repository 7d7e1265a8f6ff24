import ArgumentParser

/// `vault bench …`: benchmarks for researchers and for regression checks.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed and sizes of the vault's building blocks.",
        subcommands: [])
}
