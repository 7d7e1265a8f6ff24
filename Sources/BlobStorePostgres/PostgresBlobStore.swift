import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Vault
import VaultSupport

/// One PostgreSQL database holding a node's three namespaces (blobs,
/// escrow, records) in one table, so that several node processes of one
/// organisation behind one address see the same bytes:
///
///     CREATE TABLE vault_blobs (namespace text, name text, bytes bytea,
///                               secret bool, PRIMARY KEY (namespace, name))
///
/// The node's stores are synchronous and run on the node's own threads
/// (`BlockingPool`, the commit thread); each call here waits for its query
/// with a bounded timeout. The async postgres-nio work runs on a thread of
/// this database's own (`ThreadTaskExecutor`), never on a thread of Swift's
/// cooperative pool, so a caller blocked waiting cannot starve the work it
/// waits for, whichever thread it blocks.
public final class PostgresBlobDatabase: Sendable {
    public let location: PostgresLocation
    /// The longest any one call waits for PostgreSQL before it fails.
    public let timeout: Duration
    public let table: String
    private let client: PostgresClient
    private let executor: ThreadTaskExecutor
    private let runner: Task<Void, Never>

    /// Connects (bounded by `timeout`), creates the table if it is missing
    /// and starts the connection pool. Fails with a `VaultError` naming the
    /// server and the cause: refused, timed out, authentication, database.
    /// `table` (letters, digits and '_') lets tests share one database.
    public init(url: String, table: String = "vault_blobs", timeout: Duration = .seconds(10)) throws(VaultError) {
        let location = try PostgresLocation(parsing: url)
        guard (1...63).contains(table.utf8.count), table.utf8.first.map({ !(0x30...0x39).contains($0) }) == true,
              table.utf8.allSatisfy({ (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "_") })
        else { throw .malformed("PostgreSQL table name \(table): use 1 to 63 lowercase letters, digits and '_', not starting with a digit") }
        self.location = location
        self.table = table
        self.timeout = timeout
        let executor = ThreadTaskExecutor(name: "vault-postgres")
        self.executor = executor
        let tls: PostgresClient.Configuration.TLS
        let connectionTLS: PostgresConnection.Configuration.TLS
        do {
            switch location.sslMode {
            case .disable: (tls, connectionTLS) = (.disable, .disable)
            case .prefer:
                (tls, connectionTLS) = (.prefer(.makeClientConfiguration()), .prefer(try NIOSSLContext(configuration: .makeClientConfiguration())))
            case .require:
                (tls, connectionTLS) = (.require(.makeClientConfiguration()), .require(try NIOSSLContext(configuration: .makeClientConfiguration())))
            }
        } catch {
            executor.stop()
            throw VaultError.io("cannot set up TLS for PostgreSQL at \(location.endpoint): \(error)")
        }
        let connectSeconds = max(1, Int64(timeout.components.seconds))
        let startup = [("application_name", "vault-node"), ("statement_timeout", "\(connectSeconds * 1000)")]

        // One direct connection first: it fails with the real cause (refused,
        // password, no such database) where the pool would only retry.
        var probe = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                     password: location.password, database: location.database, tls: connectionTLS)
        probe.options.connectTimeout = .seconds(connectSeconds)
        probe.options.additionalStartupParameters = startup
        let probeConfiguration = probe
        do {
            try Self.wait(on: executor, seconds: timeout, doing: "connecting to PostgreSQL at \(location.endpoint)") {
                let connection = try await PostgresConnection.connect(configuration: probeConfiguration, id: 0, logger: Self.quiet)
                do {
                    try await Self.createTable(table, on: connection)
                    try? await connection.close()
                } catch {
                    try? await connection.close()
                    throw error
                }
            }
        } catch {
            executor.stop()
            throw error
        }

        var configuration = PostgresClient.Configuration(host: location.host, port: location.port, username: location.user,
                                                         password: location.password, database: location.database, tls: tls)
        configuration.options.connectTimeout = .seconds(connectSeconds)
        configuration.options.additionalStartupParameters = startup
        configuration.options.maximumConnections = 16
        let client = PostgresClient(configuration: configuration, backgroundLogger: Self.quiet)
        self.client = client
        runner = Task(executorPreference: executor) { await client.run() }
    }

    deinit { close() }

    /// Stops the pool and the executor's thread; later calls fail.
    public func close() {
        runner.cancel()
        executor.stop(after: runner)
    }

    /// Drops this database's table (benchmarks and tests clean up with it).
    public func dropTable() throws(VaultError) {
        try run("dropping \(table)") { [table] client in
            try await client.query("DROP TABLE IF EXISTS \(unescaped: table)", logger: Self.quiet).drain()
        }
    }

    /// The store of one namespace.
    public func store(_ namespace: Namespace) -> PostgresBlobStore { PostgresBlobStore(database: self, namespace: namespace) }

    /// All three of a node's stores in this database.
    public func nodeStores() -> NodeStores {
        NodeStores(blobs: store(.blobs), escrows: store(.escrow), records: store(.records))
    }

    public enum Namespace: String, Sendable, CaseIterable {
        case blobs, escrow, records
    }

    static let quiet = Logger(label: "vault.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    static func createTable(_ table: String, on connection: PostgresConnection) async throws {
        let create: PostgresQuery = """
            CREATE TABLE IF NOT EXISTS \(unescaped: table) (namespace text NOT NULL, name text NOT NULL, bytes bytea NOT NULL, \
            secret bool NOT NULL, PRIMARY KEY (namespace, name))
            """
        do { try await connection.query(create, logger: quiet) } catch let error as PSQLError
            where error.serverInfo?[.sqlState] == "23505" || error.serverInfo?[.sqlState] == "42P07" {
            // Another node process created it at the same moment.
        }
    }

    /// Runs `body` (one statement) with the pool's client and returns what
    /// it returns, waiting at most `timeout`.
    func run<T: Sendable>(_ what: @autoclosure () -> String,
                          _ body: @escaping @Sendable (PostgresClient) async throws -> T) throws(VaultError) -> T {
        try Self.wait(on: executor, seconds: timeout, doing: "\(what()) in PostgreSQL at \(location.endpoint)") { [client] in
            try await body(client)
        }
    }

    private static func wait<T: Sendable>(on executor: ThreadTaskExecutor, seconds timeout: Duration, doing what: String,
                                          _ body: @escaping @Sendable () async throws -> T) throws(VaultError) -> T {
        guard !executor.isStopped else { throw .io("\(what): the store is closed") }
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let task = Task(executorPreference: executor) {
            do { box.set(.success(try await body())) } catch { box.set(.failure(error)) }
            done.signal()
        }
        let nanoseconds = Int(timeout.components.seconds) * 1_000_000_000 + Int(timeout.components.attoseconds / 1_000_000_000)
        if done.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .timedOut {
            task.cancel()
            throw .io("\(what): no answer within \(timeout)")
        }
        switch box.get() {
        case .success(let value): return value
        case .failure(let error): throw .io("\(what): \(describe(error))")
        }
    }

    /// postgres-nio hides every cause behind one generic description; this
    /// names it (the server's message, or the socket's error), never the
    /// password, which no error carries.
    static func describe(_ error: any Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        if let channel = error as? ChannelError, case .connectTimeout = channel { return "the connection timed out" }
        if let connection = error as? NIOConnectionError {
            if let dns = connection.dnsAError ?? connection.dnsAAAAError { return "cannot resolve \(connection.host): \(describe(dns))" }
            return connection.connectionErrors.first.map { describe($0.error) } ?? "cannot connect"
        }
        guard let error = error as? PSQLError else {
            // postgres-nio's pool error type is in an underscored module; its shutdown reads as this.
            return "\(error)".contains("poolShutdown") ? "the store is closed" : "\(error)"
        }
        if let message = error.serverInfo?[.message] {
            return message + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        if let underlying = error.underlying { return describe(underlying) }
        switch error.code {
        case .connectionError: return "cannot connect"
        case .serverClosedConnection: return "the server closed the connection"
        case .clientClosedConnection, .poolClosed: return "the connection pool is closed"
        case .authMechanismRequiresPassword: return "the server asks for a password and the URL gives none"
        case .sslUnsupported: return "the server does not support TLS (add ?sslmode=disable or prefer)"
        default: return "\(error.code)"
        }
    }
}

/// One namespace of a `PostgresBlobDatabase`, with `FileBlobStore`'s
/// semantics: writing a name that exists keeps the stored bytes, a missing
/// name reads as nil, deleting a missing name succeeds, names are sorted.
public struct PostgresBlobStore: BlobStore {
    let database: PostgresBlobDatabase
    public let namespace: PostgresBlobDatabase.Namespace

    public func write(_ bytes: [UInt8], name: String, secret: Bool) throws {
        let (namespace, table) = (namespace.rawValue, database.table)
        let buffer = ByteBuffer(bytes: bytes)
        try database.run("storing \(namespace)/\(name)") { client in
            // One statement, committed when it returns: the same name again
            // keeps the first bytes, as FileBlobStore keeps its file.
            try await client.query("""
                INSERT INTO \(unescaped: table) (namespace, name, bytes, secret) VALUES (\(namespace), \(name), \(buffer), \(secret)) \
                ON CONFLICT (namespace, name) DO NOTHING
                """, logger: PostgresBlobDatabase.quiet).drain()
        }
    }

    /// Nothing to do: each `write` is its own committed transaction, and
    /// PostgreSQL makes a commit durable (its WAL flushed) before it
    /// answers, so every name written is durable once `write` returns —
    /// before the node submits the anchor whose block `sync` precedes.
    public func sync() throws {}

    public func read(_ name: String) throws -> [UInt8]? {
        let (namespace, table) = (namespace.rawValue, database.table)
        return try database.run("reading \(namespace)/\(name)") { client -> [UInt8]? in
            let rows = try await client.query("SELECT bytes FROM \(unescaped: table) WHERE namespace = \(namespace) AND name = \(name)",
                                              logger: PostgresBlobDatabase.quiet)
            var found: [UInt8]?
            for try await buffer in rows.decode(ByteBuffer.self) { found = Array(buffer.readableBytesView) }
            return found
        }
    }

    public func delete(_ name: String) throws {
        let (namespace, table) = (namespace.rawValue, database.table)
        try database.run("deleting \(namespace)/\(name)") { client in
            try await client.query("DELETE FROM \(unescaped: table) WHERE namespace = \(namespace) AND name = \(name)",
                                   logger: PostgresBlobDatabase.quiet).drain()
        }
    }

    public func names() throws -> [String] {
        let (namespace, table) = (namespace.rawValue, database.table)
        return try database.run("listing \(namespace)") { client in
            // COLLATE "C": byte order, as Swift's sorted() orders these ASCII names.
            let rows = try await client.query(#"SELECT name FROM \#(unescaped: table) WHERE namespace = \#(namespace) ORDER BY name COLLATE "C""#,
                                              logger: PostgresBlobDatabase.quiet)
            var names: [String] = []
            for try await name in rows.decode(String.self) { names.append(name) }
            return names
        }
    }
}

extension PostgresRowSequence {
    /// Reads to the end, so the statement has completed when this returns.
    func drain() async throws { for try await _ in self {} }
}

final class ResultBox<T: Sendable>: @unchecked Sendable {
    // @unchecked Sendable: `result` is guarded by `lock`.
    private let lock = NSLock()
    private var result: Result<T, any Error>?
    func set(_ value: Result<T, any Error>) { lock.withLock { result = value } }
    func get() -> Result<T, any Error> { lock.withLock { result! } }
}
