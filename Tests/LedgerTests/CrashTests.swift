import Foundation
import Testing
@testable import Ledger
@testable import LedgerSQLite

/// A process killed (SIGKILL) while it appends blocks must leave a chain that
/// verifies: each block is one SQLite transaction, so the chain ends at the
/// last whole block.
@Suite struct CrashTests {
    /// The `vault` executable built next to this test bundle.
    func vaultBinary() throws -> URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // On macOS the test binary sits inside Bundle.xctest/Contents/MacOS.
        while !directory.path.hasSuffix("/debug") && !directory.path.hasSuffix("/release") && directory.path != "/" {
            directory = directory.deletingLastPathComponent()
        }
        let vault = directory.appendingPathComponent("vault")
        try #require(FileManager.default.isExecutableFile(atPath: vault.path),
                     "the vault executable is not at \(vault.path); build it with `swift build` first")
        return vault
    }

    func tip(_ path: String) -> UInt64? {
        guard FileManager.default.fileExists(atPath: path),
              let store = try? SQLiteLedgerStore(path: path, mode: .existing) else { return nil }
        return try? store.tipHeight()
    }

    @Test(.timeLimit(.minutes(5)))
    func killedAppenderLeavesAVerifiableChain() throws {
        let vault = try vaultBinary()
        for round in 0..<3 {
            let directory = try TemporaryDirectory()
            let process = Process()
            process.executableURL = vault
            // Small blocks and many anchors: the child is still appending when killed.
            process.arguments = ["bench", "chain", "--keep-in", directory.url.path,
                                 "--anchors", "20000", "--block-size", "40"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()

            let started = Date()
            var reached: UInt64 = 0
            while reached < 3, process.isRunning, Date().timeIntervalSince(started) < 120 {
                Thread.sleep(forTimeInterval: 0.02)
                reached = tip(directory.chainPath) ?? 0
            }
            try #require(process.isRunning, "round \(round): the appender stopped before it could be killed")
            // Land the kill at a different moment of an append each round.
            Thread.sleep(forTimeInterval: Double.random(in: 0...0.15))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)

            let store = try SQLiteLedgerStore(path: directory.chainPath, mode: .existing)
            let report = Chain.verify(store: store)
            #expect(report.isValid, "round \(round): \(report.failure?.description ?? "")")
            #expect(report.viewProblem == nil)
            #expect((report.tipHeight ?? 0) >= reached)
            #expect(report.transactionsVerified == Int(report.tipHeight ?? 0) * 40, "only whole blocks are stored")
            // The chain opens for further appends.
            let ledger = try Chain.open(store: store)
            #expect(ledger.height == report.tipHeight)
        }
    }
}
