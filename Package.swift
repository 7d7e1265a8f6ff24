// swift-tools-version:6.1
import Foundation
import PackageDescription

// Module map: see ../shared/docs/ARCHITECTURE.md. Arrows point one way:
// BLS12381 → ABE → Tuner → Vault → VaultCLI, and Ledger → Vault.
/// The field kernels gain about 15% from BMI2's mulx and ADX's adcx/adox.
/// Build for them when this machine has them, as `-march=native` would;
/// VAULT_PORTABLE=1 builds a binary for any x86-64 (docs/BLS12381.md).
let targetCPUFlags: [String] = {
    let environment = ProcessInfo.processInfo.environment
    guard environment["VAULT_PORTABLE"] == nil,
          let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
    let flags = Set(cpuinfo.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init))
    return flags.contains("bmi2") && flags.contains("adx") ? ["-target-cpu", "broadwell"] : []
}()

let releaseFlags: [SwiftSetting] = [
    .unsafeFlags(["-wmo"] + targetCPUFlags, .when(configuration: .release)),
]

/// With BMI2 and ADX, Fp multiplication runs the mulx/adcx/adox assembly
/// kernel of `CFieldKernels` (tools/gen_fp_asm.py) in every configuration;
/// otherwise the portable Swift kernel. Both are built and tested either way.
let fieldKernelFlags: [SwiftSetting] = targetCPUFlags.isEmpty ? [] : [.define("VAULT_ADX_KERNELS")]

/// Every `vault` process is a short command, so its start-up counts: loading
/// the Swift runtime, Foundation and ICU as 14 shared libraries (symbol lookup
/// and relocation) was about a third of `vault --version`. On Linux they are
/// linked in statically: `-static-stdlib` plus the static Foundation archives
/// and the CoreFoundation and ICU ones they need, in one group so that their
/// order does not matter; with lld, which unlike gold does not repeat glibc's `mktemp`
/// link-time warning from the static FoundationEssentials (docs/BLS12381.md,
/// "What a command still pays before it starts").
///
/// Two more linker flags cut what the loader does before `main`.
/// `--no-export-dynamic` undoes the `-export-dynamic` that `-static-stdlib`
/// brings (the toolchain's static-stdlib-args.lnk): it put some 71,000 symbols
/// of our own modules in the dynamic symbol table, which every symbol lookup of
/// the shared libraries searched and the runtime's `dladdr` in
/// `_swift_initRuntimePath` scanned whole. `-z pack-relative-relocs` stores the
/// ~148,000 relative relocations of the position-independent executable as
/// DT_RELR bitmaps instead of 24-byte RELA entries (needs glibc 2.36 or later
/// at run time).
#if os(Linux)
let staticRuntime: [LinkerSetting] = [.unsafeFlags([
    "-static-stdlib", "-use-ld=lld",
    "-Xlinker", "--no-export-dynamic",
    "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
    "-Xlinker", "--start-group",
    "-lFoundationInternationalization", "-lFoundation", "-lFoundationEssentials", "-lCoreFoundation",
    "-l_FoundationICU", "-l_FoundationCShims", "-l_FoundationCollections",
    "-Xlinker", "--end-group",
])]
#else
let staticRuntime: [LinkerSetting] = []
#endif

let package = Package(
    name: "RecordVault",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vault", targets: ["VaultCLI"]),
        .executable(name: "bls-constant-time-check", targets: ["ConstantTimeCheck"]),
        .executable(name: "vault-fuzz", targets: ["VaultFuzz"]),
        .library(name: "BLS12381", targets: ["BLS12381"]),
        .library(name: "ABE", targets: ["ABE"]),
        .library(name: "Ledger", targets: ["Ledger"]),
        .library(name: "Tuner", targets: ["Tuner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0", traits: ["FullFoundation"]),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
    ],
    targets: [
        .systemLibrary(name: "CGMP", pkgConfig: "gmp",
                       providers: [.apt(["libgmp-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),

        .target(name: "CConstantTime"),
        .target(name: "CFieldKernels"),
        .target(name: "BLS12381", dependencies: ["COpenSSL", "CConstantTime", "CFieldKernels"],
                swiftSettings: releaseFlags + fieldKernelFlags),
        .target(name: "VaultSupport", dependencies: ["COpenSSL"]),
        .target(name: "ABE", dependencies: ["BLS12381", "COpenSSL", "VaultSupport"]),
        .target(name: "Tuner", dependencies: ["ABE"]),
        .target(name: "Ledger", dependencies: [
            "COpenSSL", "VaultSupport",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The embedded chain store; other backends get targets of their own.
        .target(name: "LedgerSQLite", dependencies: ["Ledger", "CSQLite", "VaultSupport"]),
        // Block ordering on an etcd cluster, through etcd's JSON gateway.
        .target(name: "LedgerEtcd", dependencies: [
            "Ledger", "VaultSupport",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .target(name: "Vault", dependencies: [
            "ABE", "Tuner", "Ledger", "LedgerSQLite", "BLS12381", "VaultSupport",
            .product(name: "Crypto", package: "swift-crypto"),
        ], resources: [.copy("Samples")]),
        // A node's blobs in PostgreSQL, for several node processes of one
        // organisation; the files of `FileBlobStore` stay the default.
        .target(name: "BlobStorePostgres", dependencies: [
            "Vault", "VaultSupport",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "VaultServer", dependencies: [
            "Vault", "Ledger", "VaultSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HummingbirdHTTP2", package: "hummingbird"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], resources: [.copy("openapi.yaml")]),
        .target(name: "VaultClient", dependencies: [
            "Vault", "Ledger", "VaultSupport",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        .target(name: "CTGrind", path: "Sources/CTGrind"),
        .executableTarget(name: "ConstantTimeCheck", dependencies: ["BLS12381", "ABE", "VaultSupport", "CTGrind"]),
        // libFuzzer targets (tools/fuzz.sh builds them with -sanitize=fuzzer);
        // a plain build gives a replay tool for corpora and crashes.
        .target(name: "CFuzzing"),
        .executableTarget(name: "VaultFuzz", dependencies: ["ABE", "Ledger", "BLS12381", "CFuzzing"]),
        .executableTarget(name: "VaultCLI", dependencies: [
            "Vault", "VaultServer", "VaultClient", "BlobStorePostgres", "ABE", "Tuner", "Ledger", "LedgerSQLite", "LedgerEtcd", "VaultSupport", "BLS12381",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: staticRuntime),

        .testTarget(name: "BLS12381Tests", dependencies: ["BLS12381", "CGMP", "VaultSupport"],
                    resources: [.copy("Fixtures")], swiftSettings: fieldKernelFlags),
        .testTarget(name: "ABETests", dependencies: ["ABE", "VaultSupport"]),
        .testTarget(name: "VaultSupportTests", dependencies: ["VaultSupport"]),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "LedgerSQLite", "LedgerEtcd", "VaultSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Ledger", "Vault"]),
        .testTarget(name: "VaultTests", dependencies: [
            "Vault", "VaultServer", "VaultClient", "BlobStorePostgres", "Ledger", "LedgerSQLite", "ABE", "VaultSupport",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "TunerTests", dependencies: ["Tuner", "ABE"]),
    ]
)
