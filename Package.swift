// swift-tools-version:6.1
import PackageDescription

// Module map: see ../shared/docs/ARCHITECTURE.md. Arrows point one way:
// BLS12381 → ABE → Tuner → Vault → VaultCLI, and Ledger → Vault.
let releaseFlags: [SwiftSetting] = [
    .unsafeFlags(["-wmo"], .when(configuration: .release)),
]

let package = Package(
    name: "RecordVault",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vault", targets: ["VaultCLI"]),
        .executable(name: "bls-constant-time-check", targets: ["ConstantTimeCheck"]),
        .library(name: "BLS12381", targets: ["BLS12381"]),
        .library(name: "ABE", targets: ["ABE"]),
        .library(name: "Ledger", targets: ["Ledger"]),
        .library(name: "Tuner", targets: ["Tuner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CGMP", pkgConfig: "gmp",
                       providers: [.apt(["libgmp-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),

        .target(name: "BLS12381", dependencies: ["CGMP", "COpenSSL"],
                swiftSettings: releaseFlags),
        .target(name: "ABE", dependencies: ["BLS12381", "COpenSSL"]),
        .target(name: "Tuner", dependencies: ["ABE"]),
        .target(name: "Ledger", dependencies: ["COpenSSL", "CSQLite"]),
        .target(name: "Vault", dependencies: ["ABE", "Ledger", "BLS12381"]),
        .target(name: "CTGrind", path: "Sources/CTGrind"),
        .executableTarget(name: "ConstantTimeCheck", dependencies: ["BLS12381", "CTGrind"]),
        .executableTarget(name: "VaultCLI", dependencies: [
            "Vault", "ABE", "Tuner",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "BLS12381Tests", dependencies: ["BLS12381", "CGMP"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ABETests", dependencies: ["ABE"]),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger"]),
        .testTarget(name: "TunerTests", dependencies: ["Tuner", "ABE"]),
    ]
)
