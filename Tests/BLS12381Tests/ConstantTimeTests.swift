import Foundation
import Testing

/// Runs the ctgrind harness (Sources/ConstantTimeCheck) under valgrind's
/// memcheck: secret scalars are marked undefined, so any secret-dependent
/// branch or memory index in the release build fails this test.
@Suite struct ConstantTimeTests {
    @Test func secretPathsHaveNoSecretDependentBranchesOrIndices() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        // Beside this test runner (whatever the --scratch-path), else the default build folder.
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let built = [runner.appendingPathComponent("bls-constant-time-check"), root.appendingPathComponent(".build/release/bls-constant-time-check")]
            .first { FileManager.default.fileExists(atPath: $0.path) } ?? root.appendingPathComponent(".build/release/bls-constant-time-check")
        try #require(FileManager.default.fileExists(atPath: built.path), "build the package in release first (tools/test.sh does)")
        // valgrind 3.19 cannot read the DWARF 5 that Swift emits; a copy without debug info works.
        let stripped = FileManager.default.temporaryDirectory.appendingPathComponent("bls-ct-\(getpid())")
        defer { try? FileManager.default.removeItem(at: stripped) }
        try? FileManager.default.removeItem(at: stripped)
        try FileManager.default.copyItem(at: built, to: stripped)
        #expect(try run("/usr/bin/strip", ["-g", stripped.path]).status == 0)
        let result = try run("/usr/bin/valgrind", ["--error-exitcode=97", "--track-origins=yes", stripped.path])
        #expect(result.status == 0, "valgrind found secret-dependent behaviour:\n\(result.output)")
        #expect(result.output.contains("under valgrind"))
        #expect(result.output.contains("ERROR SUMMARY: 0 errors"))
    }

    private func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
