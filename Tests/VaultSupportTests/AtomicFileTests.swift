import Foundation
import Testing
@testable import VaultSupport

/// Atomic writes to paths of every shape (issue 12: any one-character file
/// name trapped inside Foundation's path splitting, so `--out x` crashed).
/// Bare names are written relative to the working directory, which tests
/// running in parallel must not change: they are checked through `split`
/// here and through the binary in EndToEndTests.
@Suite struct AtomicFileTests {
    func scratch() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/sub/with space", withIntermediateDirectories: true)
        return directory
    }

    func contents(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map { [UInt8]($0) } }

    @Test func splitsPathsOfEveryShape() throws {
        #expect(try AtomicFile.split("x") == (".", "x"))
        #expect(try AtomicFile.split("z") == (".", "z"))
        #expect(try AtomicFile.split("./x") == (".", "x"))
        #expect(try AtomicFile.split("/x") == ("/", "x"))
        #expect(try AtomicFile.split("/tmp/a b/ü") == ("/tmp/a b", "ü"))
        #expect(try AtomicFile.split("записи/й") == ("записи", "й"))
        #expect(try AtomicFile.split("a//b") == ("a/", "b"))
    }

    @Test(arguments: ["", "dir/", "/", ".", "..", "a/.."])
    func refusesPathsThatNameNoFile(path: String) {
        #expect(throws: AtomicFile.Error.notAFileName(path)) { try AtomicFile.write([1], to: path) }
    }

    @Test(arguments: ["x", "z", "ab", "with space.json", "naïve-ü.txt", "записи", "sub/y", "sub/./q", "sub/with space/é", "sub/with space/e\u{200B}"])
    func writesUnderADirectory(name: String) throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/" + name
        try AtomicFile.write([1, 2, 3], to: path)
        #expect(contents(path) == [1, 2, 3])
        let folder = try AtomicFile.split(path).directory
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "no temporary file is left behind")
    }

    @Test func secretFilesArePrivate() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try AtomicFile.write([7], to: directory + "/k", secret: true)
        let mode = try FileManager.default.attributesOfItem(atPath: directory + "/k")[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }

    @Test func streamedTemporaryBesideAOneCharacterName() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let temporary = try AtomicFile.makeTemporary(besides: directory + "/x", secret: false)
        try temporary.handle.write(contentsOf: Data([9, 9]))
        try AtomicFile.commit(temporary, to: directory + "/x", overwrite: false)
        #expect(contents(directory + "/x") == [9, 9])
    }

    @Test func existingFileIsNotReplacedUnlessAsked() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/x"
        try AtomicFile.write([1], to: path)
        #expect(throws: AtomicFile.Error.exists(path)) { try AtomicFile.write([2], to: path) }
        #expect(contents(path) == [1])
        try AtomicFile.write([3], to: path, overwrite: true)
        #expect(contents(path) == [3])
    }

    @Test func missingDirectoryIsAClearError() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/nowhere/x"
        let expected = AtomicFile.Error.missingDirectory(path: path, directory: directory + "/nowhere")
        #expect(throws: expected) { try AtomicFile.write([1], to: path) }
        #expect(expected.description.contains("does not exist"))
    }
}
