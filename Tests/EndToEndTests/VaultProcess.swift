import Foundation
import Vault
import Testing

/// Runs the built `vault` binary as a person would, in a scratch directory.
struct VaultProcess {
    let directory: URL
    let binary: URL
    var environment: [String: String] = [:]

    static func packageRoot() -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A fresh scratch directory and the release (or debug) binary that `swift build` produced.
    init() throws {
        let root = VaultProcess.packageRoot()
        // The binary beside this test runner first (the build being tested,
        // whatever its --scratch-path), then the default build folders.
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [runner.appendingPathComponent("vault"), runner.deletingLastPathComponent().appendingPathComponent("vault")]
            + ["release", "debug"].map { root.appendingPathComponent(".build/\($0)/vault") }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw VaultProcessError.notBuilt
        }
        binary = found
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vault-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        var stdoutBytes = Data()
        var succeeded: Bool { status == 0 }
    }

    @discardableResult
    func run(_ arguments: String...) throws -> Result { try run(arguments) }

    @discardableResult
    func run(_ arguments: [String]) throws -> Result {
        try run(arguments, stdin: nil)
    }

    /// Runs vault with `stdin` piped in (nil: no input), or with standard
    /// output sent to `stdoutFile` (its bytes then come back in `stdoutBytes`).
    @discardableResult
    func run(_ arguments: [String], stdin: Data?, stdoutFile: FileHandle? = nil) throws -> Result {
        var env = Self.inheritedEnvironment
        for (k, v) in environment { env[k] = v }
        return try launch(binary, arguments, environment: env, stdin: stdin, stdoutFile: stdoutFile)
    }

    /// Runs `executable` in the scratch directory and collects its output.
    private func launch(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
                        stdin: Data? = nil, stdoutFile: FileHandle? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = stdoutFile ?? out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            // Written from another thread: a large input must not block while the child's output fills its pipe.
            let writer = input.fileHandleForWriting
            Thread.detachNewThread {
                try? writer.write(contentsOf: stdin)
                try? writer.close()
            }
        }
        // Read both pipes at once, so a full stderr pipe cannot stall the child while stdout is read.
        let stderrBox = DataBox()
        let stderrDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            stderrBox.data = err.fileHandleForReading.readDataToEndOfFile()
            stderrDone.signal()
        }
        let stdoutData = stdoutFile == nil ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        stderrDone.wait()
        let stderrData = stderrBox.data
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self), stdoutBytes: stdoutData)
    }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
    }

    /// The names a node's store folder (`net/node/blobs`, …) holds, read
    /// from its pack files as anyone with the disk could.
    func storedNames(_ folder: String) throws -> [String] {
        try FileBlobStore(directory: path(folder), readOnly: true).names()
    }

    func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: path(name)).map { String(decoding: $0, as: UTF8.self) }
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// Starts `vault serve` for `node` on a free loopback port (plus
    /// `arguments`); returns the process and the URL it printed.
    func serve(node: String, _ arguments: [String] = [], listen: String = "127.0.0.1:0",
               environment extra: [String: String] = [:]) throws -> (Process, String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--data-dir", node, "--listen", listen] + arguments
        process.currentDirectoryURL = directory
        process.environment = Self.inheritedEnvironment.merging(extra) { _, new in new }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = ""
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !seen.contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = seen.range(of: "://127.0.0.1:"), let start = seen[..<range.lowerBound].lastIndex(of: " ") else {
            process.terminate()
            throw VaultProcessError.notServing(seen)
        }
        let url = String(seen[seen.index(after: start)...].prefix { !$0.isWhitespace })
        return (process, url)
    }

    /// Runs a tool from the system (curl, openssl) in the scratch directory,
    /// with `extra` added to this process's environment.
    @discardableResult
    func tool(_ name: String, _ arguments: [String], environment extra: [String: String]? = nil) throws -> Result {
        try launch(URL(fileURLWithPath: "/usr/bin/env"), [name] + arguments,
                   environment: Self.inheritedEnvironment.merging(extra ?? [:]) { _, new in new })
    }

    /// This process's environment without the shell's `VAULT_` settings
    /// (`VAULT_TEST_` ones stay): a `VAULT_ETCD` or `VAULT_NODE` left in the
    /// shell that runs the tests would point the processes a test starts at
    /// somebody else's cluster or node.
    static let inheritedEnvironment: [String: String] =
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("VAULT_") || $0.key.hasPrefix("VAULT_TEST_") }
}

/// Bytes handed from a reader thread to the waiting one (the semaphore orders the two).
private final class DataBox: @unchecked Sendable {
    var data = Data()
}

enum VaultProcessError: Error, CustomStringConvertible {
    case notBuilt
    case notServing(String)
    var description: String {
        switch self {
        case .notBuilt: "the vault binary is not built; run `swift build -c release` first (tools/test.sh does)"
        case .notServing(let printed): "vault serve did not print its URL; it printed: \(printed)"
        }
    }
}
