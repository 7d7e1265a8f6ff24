import Foundation
import Testing

/// Issue 15: `record put --dir` prints FILE<TAB>ID as each file is
/// anchored, skips and reports files it cannot read, and after a SIGKILL
/// `--resume` stores every file exactly once.
@Suite struct BatchResumeCLITests {
    private func ids(in printed: String) -> [String: String] {
        var found: [String: String] = [:]
        for line in printed.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            if fields.count == 2 { found[String(fields[0])] = String(fields[1]) }
        }
        return found
    }

    @Test func aBatchKilledMidwayResumesWithoutStoringAFileTwice() throws {
        let v = try ScriptingVault()
        defer { v.cleanUp() }
        let files = 40
        try FileManager.default.createDirectory(atPath: v.path("scans"), withIntermediateDirectories: true)
        for n in 0..<files { try v.vault.write("scans/scan-\(String(format: "%02d", n)).json", #"{"scan":\#(n)}"#) }

        // The first run is killed with SIGKILL once a few ids are out.
        let process = Process()
        process.executableURL = v.vault.binary
        process.arguments = ["record", "put", "--policy", "role:nurse AND hospital:A", "--dir", "scans"]
        process.currentDirectoryURL = v.vault.directory
        process.environment = VaultProcess.inheritedEnvironment.merging(v.vault.environment) { _, new in new }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var printed = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, printed.split(separator: "\n").count < 3 {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        printed += String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let first = ids(in: printed)
        #expect(first.count >= 3 && first.count < files, "the kill came after \(first.count) of \(files) files")

        let resumed = try v.run("record", "put", "--policy", "role:nurse AND hospital:A", "--dir", "scans", "--resume")
        try v.require(resumed)
        let second = ids(in: resumed.stdout)
        #expect(second.count == files, "the resumed run names every file: \(second.count)")
        // Every id printed before the kill is the one the resumed run names.
        for (file, id) in first { #expect(second[file] == id, "\(file): \(id) then \(second[file] ?? "none")") }
        #expect(resumed.stderr.contains("already anchored"), "\(resumed.stderr)")

        // The chain holds each file once: as many records as files, the ids printed.
        let listed = try v.require(v.run("record", "list", "--ids")).stdout.split(separator: "\n").map(String.init)
        #expect(listed.count == files, "\(listed.count) records for \(files) files")
        #expect(Set(listed) == Set(second.values))

        // A third run with --resume stores nothing more.
        try v.require(v.run("record", "put", "--policy", "role:nurse AND hospital:A", "--dir", "scans", "--resume"))
        #expect(try v.run("record", "list", "--ids").stdout.split(separator: "\n").count == files)
    }

    @Test func aBadFileIsReportedAndSkippedAndTheBatchEndsWithASummary() throws {
        let v = try ScriptingVault()
        defer { v.cleanUp() }
        try FileManager.default.createDirectory(atPath: v.path("mixed/sub"), withIntermediateDirectories: true)
        try v.vault.write("mixed/a.json", "{}")
        try v.vault.write("mixed/b-empty.json", "")
        try v.vault.write("mixed/c.json", "[]")
        try v.vault.write("mixed/.hidden", "not a record")
        let batch = try v.run("record", "put", "--policy", "role:nurse", "--dir", "mixed")
        #expect(batch.status == 3, "a skipped file makes the batch exit 3: \(batch.status) \(batch.stderr)")
        #expect(Set(ids(in: batch.stdout).keys) == ["mixed/a.json", "mixed/c.json"], "\(batch.stdout)")
        #expect(batch.stderr.contains("skipped mixed/b-empty.json: is empty"), "\(batch.stderr)")
        #expect(batch.stderr.contains("batch: 2 stored, 0 already anchored, 1 skipped"), "\(batch.stderr)")
        #expect(!batch.stderr.contains("["), "no progress bar off a terminal: \(batch.stderr)")
        // Fixed and resumed: only the fixed file is stored now.
        try v.vault.write("mixed/b-empty.json", "{\"fixed\":true}")
        let again = try v.run("record", "put", "--policy", "role:nurse", "--dir", "mixed", "--resume")
        try v.require(again)
        #expect(again.stderr.contains("batch: 1 stored, 2 already anchored, 0 skipped"), "\(again.stderr)")
        #expect(try v.run("record", "list", "--ids").stdout.split(separator: "\n").count == 3)
    }
}
