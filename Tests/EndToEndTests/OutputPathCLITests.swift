import Foundation
import Testing

/// Output paths of every shape through the binary (issue 12: `--out x`
/// ended in SIGILL inside AtomicFile for decrypt, `--out z` for encrypt and keygen).
@Suite struct OutputPathCLITests {
    @Test func oneCharacterAndUnusualOutputNames() throws {
        let vault = try VaultProcess()
        defer { vault.cleanUp() }
        #expect(try vault.run("authority", "setup", "--out", "authority").succeeded)
        let keygen = try vault.run("authority", "keygen", "--authority", "authority", "--attributes", "role:nurse", "--out", "z")
        #expect(keygen.succeeded, "\(keygen.stderr)")
        try vault.write("note.txt", "hello")
        let encrypt = try vault.run("encrypt", "--public", "authority/public.key", "--policy", "role:nurse", "--in", "note.txt", "--out", "e")
        #expect(encrypt.succeeded, "\(encrypt.stderr)")
        let decrypt = try vault.run("decrypt", "--key", "z", "--in", "e", "--out", "x")
        #expect(decrypt.succeeded, "\(decrypt.stderr)")
        #expect(vault.read("x") == "hello")

        try FileManager.default.createDirectory(atPath: vault.path("sub dir"), withIntermediateDirectories: true)
        for name in ["./y", "sub dir/ü", vault.path("sub dir/abs"), "записи"] {
            let result = try vault.run("decrypt", "--key", "z", "--in", "e", "--out", name)
            #expect(result.succeeded, "\(name): \(result.stderr)")
            #expect(FileManager.default.contents(atPath: name.hasPrefix("/") ? name : vault.path(name)) == Data("hello".utf8))
        }
        let missing = try vault.run("decrypt", "--key", "z", "--in", "e", "--out", "no/such/dir/x")
        #expect(missing.status == 3 && missing.stderr.contains("does not exist"), "input refused: \(missing.stderr)")
    }
}
