import Foundation
import Testing

/// What every `vault` process pays before it starts (docs/BLS12381.md): on
/// Linux the Swift runtime and Foundation are linked in, so the dynamic
/// loader has no Swift shared library to map and relocate.
@Suite struct StartUpCLITests {
    @Test func noSwiftSharedLibrariesToLoad() throws {
        #if os(Linux)
        let vault = try VaultProcess()
        defer { vault.cleanUp() }
        let listed = try vault.tool("ldd", [vault.binary.path])
        #expect(listed.succeeded, "\(listed.stderr)")
        #expect(listed.stdout.contains("libc.so"), "\(listed.stdout)")
        for library in ["libswiftCore", "libFoundation", "libdispatch", "lib_FoundationICU"] {
            #expect(!listed.stdout.contains(library), "\(library) is loaded at start:\n\(listed.stdout)")
        }
        #endif
    }
}
