import ABE
import BlobStorePostgres
import Foundation
import Ledger
import Testing
@testable import Vault

/// The test PostgreSQL: tools/test.sh starts one (tools/postgres.sh) and
/// exports its URL. Without it these tests fail; they never skip.
enum TestPostgres {
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "VAULT_TEST_POSTGRES_URL is not set: start the test PostgreSQL with `tools/postgres.sh start` and export "
                + "VAULT_TEST_POSTGRES_URL=$(tools/postgres.sh url) (tools/test.sh does both)"
        }
    }

    static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["VAULT_TEST_POSTGRES_URL"], !url.isEmpty else { throw Missing() }
        return url
    }

    /// A database with a table of its own, so tests running at once do not meet.
    static func database(table: String = uniqueTable()) throws -> PostgresBlobDatabase {
        try PostgresBlobDatabase(url: url(), table: table)
    }

    static func uniqueTable() -> String { "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased() }
}

/// The same behaviour asked of each `BlobStore`: files and PostgreSQL.
@Suite struct BlobStoreTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case files, postgres
        var testDescription: String { rawValue }
    }

    /// A node's three stores on `backend`, and their clean-up.
    final class Stores {
        let stores: NodeStores
        private let cleanUp: () -> Void
        init(_ backend: Backend) throws {
            switch backend {
            case .files:
                let root = FileManager.default.temporaryDirectory.appendingPathComponent("vault-blobstore-\(UUID().uuidString)").path
                stores = NodeStores(blobs: try FileBlobStore(directory: root + "/blobs"), escrows: try FileBlobStore(directory: root + "/escrow"),
                                    records: try FileBlobStore(directory: root + "/records"))
                cleanUp = { try? FileManager.default.removeItem(atPath: root) }
            case .postgres:
                let database = try TestPostgres.database()
                stores = database.nodeStores()
                cleanUp = { try? database.dropTable(); database.close() }
            }
        }
        deinit { cleanUp() }
    }

    @Test(arguments: Backend.allCases) func writeReadDeleteAndSortedNames(_ backend: Backend) throws {
        let s = try Stores(backend), store = s.stores.blobs
        #expect(try store.names() == [])
        #expect(try store.read("absent") == nil)
        let big = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try store.write(Array("second".utf8), name: "b-2", secret: false)
        try store.write(big, name: "B_1.x", secret: false)
        try store.write([], name: "a", secret: true)
        try store.sync()
        #expect(try store.names() == ["B_1.x", "a", "b-2"], "byte order, as FileBlobStore sorts")
        #expect(try store.read("b-2") == Array("second".utf8))
        #expect(try store.read("B_1.x") == big)
        #expect(try store.read("a") == [])
        try store.delete("b-2")
        try store.delete("b-2") // a missing name deletes without error
        #expect(try store.read("b-2") == nil)
        #expect(try store.names() == ["B_1.x", "a"])
    }

    @Test(arguments: Backend.allCases) func aRepeatedWriteKeepsTheFirstBytes(_ backend: Backend) throws {
        let s = try Stores(backend)
        for store in [s.stores.blobs, s.stores.escrows, s.stores.records] {
            try store.write([1, 2, 3], name: "same", secret: false)
            try store.write([9, 9], name: "same", secret: true)
            try store.sync()
            #expect(try store.read("same") == [1, 2, 3])
            #expect(try store.names() == ["same"])
        }
    }

    @Test(arguments: Backend.allCases) func namespacesAreSeparate(_ backend: Backend) throws {
        let s = try Stores(backend)
        try s.stores.blobs.write([1], name: "n", secret: false)
        try s.stores.escrows.write([2], name: "n", secret: true)
        #expect(try s.stores.records.read("n") == nil)
        #expect(try s.stores.records.names() == [])
        try s.stores.escrows.delete("n")
        #expect(try s.stores.blobs.read("n") == [1])
        #expect(try s.stores.escrows.read("n") == nil)
    }

    /// Names reach a store only through `StoreName`, which refuses what
    /// could leave a folder (or be odd in a table) before any store sees it.
    @Test(arguments: Backend.allCases) func badNamesAreRefusedBeforeStorage(_ backend: Backend) throws {
        let s = try Stores(backend)
        for bad in ["../escape", "a/b", ".hidden", "", String(repeating: "x", count: 129), "tab\there", "é"] {
            #expect(throws: NodeProblem.self, "\(bad)") { _ = try StoreName.recordID(bad) }
        }
        let good = try StoreName.recordID("rec-01_A.b")
        try s.stores.records.write([7], name: good, secret: false)
        #expect(try s.stores.records.names() == ["rec-01_A.b"])
    }
}

/// `PostgresBlobDatabase`'s connection string and failures: clear, quick.
@Suite struct PostgresBlobStoreTests {
    @Test func connectionStringsAreParsed() throws {
        let plain = try PostgresLocation(parsing: "postgres://vault@127.0.0.1:55432/vault")
        #expect(plain.user == "vault" && plain.password == nil && plain.host == "127.0.0.1" && plain.port == 55432)
        #expect(plain.database == "vault" && plain.sslMode == .prefer && plain.endpoint == "127.0.0.1:55432/vault")
        let full = try PostgresLocation(parsing: "postgresql://us%40r:p%3Ass@[::1]/records?sslmode=require")
        #expect(full.user == "us@r" && full.password == "p:ss" && full.host == "::1" && full.port == 5432 && full.database == "records")
        #expect(full.sslMode == .require && full.endpoint == "[::1]:5432/records")
        #expect(try PostgresLocation(parsing: "postgres://u:@db.example:6000/d").password == "")
    }

    @Test(arguments: [
        ("mysql://u@h:1/d", "does not start with postgres://"),
        ("postgres://h:5432/d", "names no user"),
        ("postgres://@h:5432/d", "user is empty"),
        ("postgres://u@h:5432", "names no database"),
        ("postgres://u@h:5432/", "database name is empty"),
        ("postgres://u@:5432/d", "host is empty"),
        ("postgres://u@h:port/d", "not a number from 1 to 65535"),
        ("postgres://u@h:70000/d", "not a number from 1 to 65535"),
        ("postgres://u@[::1/d", "closing ']'"),
        ("postgres://u@h/d?sslmode=maybe", "sslmode is disable, prefer or require"),
        ("postgres://u@h/d?timeout=3", "only ?sslmode="),
    ]) func badConnectionStringsAreRefusedClearly(_ url: String, _ why: String) {
        do {
            _ = try PostgresLocation(parsing: url)
            Issue.record("\(url) was accepted")
        } catch {
            #expect(error.description.contains(why) && error.description.contains("expected postgres://USER"), "\(error)")
        }
    }

    @Test func aPasswordNeverAppearsInAnError() {
        do {
            _ = try PostgresLocation(parsing: "postgres://u:s3cret@h:port/d")
            Issue.record("accepted")
        } catch { #expect(!error.description.contains("s3cret") && error.description.contains("u:***@h"), "\(error)") }
    }

    @Test func aRefusedConnectionFailsAtOnceNamingTheServer() throws {
        let port = try ClosedPort.make()
        let start = ContinuousClock.now
        do {
            _ = try PostgresBlobDatabase(url: "postgres://vault@127.0.0.1:\(port)/vault?sslmode=disable", timeout: .seconds(5))
            Issue.record("connected to nothing")
        } catch {
            #expect(error.description.contains("127.0.0.1:\(port)/vault"), "\(error)")
            #expect(error.description.lowercased().contains("refused"), "\(error)")
        }
        #expect(ContinuousClock.now - start < .seconds(3))
    }

    /// A server that accepts the connection and never answers: the bounded
    /// timeout ends the wait, no hang.
    @Test func aSilentServerTimesOut() throws {
        let silent = try SilentListener()
        defer { silent.close() }
        let start = ContinuousClock.now
        do {
            _ = try PostgresBlobDatabase(url: "postgres://vault@127.0.0.1:\(silent.port)/vault?sslmode=disable", timeout: .seconds(2))
            Issue.record("a silent server was taken for PostgreSQL")
        } catch {
            #expect(error.description.contains("127.0.0.1:\(silent.port)/vault"), "\(error)")
        }
        #expect(ContinuousClock.now - start < .seconds(6))
    }

    @Test func aMissingDatabaseIsNamed() throws {
        let location = try PostgresLocation(parsing: try TestPostgres.url())
        do {
            _ = try PostgresBlobDatabase(url: "postgres://\(location.user)@\(location.host):\(location.port)/no_such_db?sslmode=disable")
            Issue.record("opened a database that does not exist")
        } catch { #expect(error.description.contains("\"no_such_db\" does not exist"), "\(error)") }
    }

    @Test func badTableNamesAreRefused() throws {
        let url = try TestPostgres.url()
        for bad in ["", "1x", "Drop", "a;b", "a b", String(repeating: "t", count: 64)] {
            #expect(throws: VaultError.self, "\(bad)") { _ = try PostgresBlobDatabase(url: url, table: bad) }
        }
    }

    /// Two node processes of one organisation each open the database: what
    /// one writes the other reads, lists and deletes.
    @Test func twoDatabasesOnOneTableShareTheirBlobs() throws {
        let table = TestPostgres.uniqueTable()
        let first = try TestPostgres.database(table: table)
        let second = try TestPostgres.database(table: table)
        defer { try? first.dropTable(); first.close(); second.close() }
        try first.store(.blobs).write([4, 5, 6], name: "shared", secret: false)
        #expect(try second.store(.blobs).read("shared") == [4, 5, 6])
        #expect(try second.store(.blobs).names() == ["shared"])
        try second.store(.blobs).delete("shared")
        #expect(try first.store(.blobs).read("shared") == nil)
    }

    /// Calls that block every thread of Swift's cooperative pool (two on
    /// this machine) still finish: the queries run on the store's own
    /// thread, not on the pool they wait in.
    @Test func blockingCallsFromEveryCooperativeThreadDoNotStarveTheQueries() async throws {
        let database = try TestPostgres.database()
        defer { try? database.dropTable(); database.close() }
        let store = database.store(.blobs)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<16 {
                group.addTask {
                    try store.write([UInt8(i)], name: "n\(i)", secret: false)
                    #expect(try store.read("n\(i)") == [UInt8(i)])
                }
            }
            try await group.waitForAll()
        }
        // No bound on the time: in a full parallel run these tasks also
        // wait for cooperative threads other tests hold. Starved queries
        // would fail each call after the store's 10 s timeout instead.
        #expect(try store.names().count == 16)
    }

    @Test func aClosedDatabaseRefusesCalls() throws {
        let database = try TestPostgres.database()
        try database.dropTable()
        database.close()
        #expect(throws: VaultError.self) { _ = try database.store(.blobs).read("x") }
    }
}

/// A node whose blobs, escrows and metadata live in PostgreSQL.
@Suite struct PostgresNodeTests {
    @Test func aNodeOnPostgresStoresAndServesARecord() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vault-pg-node-\(UUID().uuidString)").path
        let created = try NetworkSetup.create(at: root)
        let database = try TestPostgres.database()
        let node = try VaultNode(directory: NodeDirectory(root: root + "/node"), stores: database.nodeStores())
        defer { node.close(); try? database.dropTable(); database.close(); try? FileManager.default.removeItem(atPath: root) }
        let transport = InProcessTransport(api: NodeAPI(node: node))
        let admin = try Admin(folder: try PartyFolder(root: root + "/admin"), transport: transport)
        let authority = try Authority(folder: try PartyFolder(root: root + "/authority"), transport: transport)
        let provider = try Provider(folder: try PartyFolder(root: root + "/provider"), transport: transport)
        let identity = try NetworkSetup.createReader(at: root + "/nurse", member: "nurse", chainID: created.chainID, nodeURL: nil)
        _ = try admin.add(try Member(id: "nurse", organisation: "Hospital A", roles: [.clinician], publicKey: identity.publicKey))
        let keyPath = root + "/nurse/nurse.key"
        _ = try authority.issue(holder: "nurse", attributes: try AttributeSet(parsing: "role:nurse, hospital:A"), validUntil: nil, output: keyPath)

        let body = Array("{\"resourceType\":\"Observation\"}".utf8)
        let receipt = try provider.put(body: body, policy: try Policy(parsing: "role:nurse AND hospital:A"), patient: "P-1")
        let id = try #require(receipt.recordId)
        let reader = try Reader(folder: try PartyFolder(root: root + "/nurse"), transport: transport)
        let keyFile = [UInt8](try #require(FileManager.default.contents(atPath: keyPath)))
        #expect(try reader.get(recordID: id, keyFile: keyFile, keyPath: keyPath).body == body)

        // All three namespaces are in PostgreSQL; the node's folders stay empty.
        let sha = try node.currentAnchor(id).0.ciphertextSHA256.hex
        #expect(try database.store(.blobs).names() == [sha])
        #expect(try database.store(.escrow).names() == [sha])
        #expect(try database.store(.records).names() == [id])
        for folder in ["blobs", "escrow", "records"] {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: root + "/node/" + folder)) ?? []
            #expect(files.filter { !$0.hasPrefix(".") }.isEmpty, "\(folder): \(files)")
        }
        #expect(try node.doctor(repair: false).orphanedBlobs.isEmpty)

        // The database gone: a read fails as unavailable, and is not logged
        // on the chain as a failed access to a missing blob.
        let cleanUp = try TestPostgres.database(table: database.table)
        defer { try? cleanUp.dropTable(); cleanUp.close() }
        let height = node.tip().height
        database.close()
        do {
            _ = try reader.get(recordID: id, keyFile: keyFile, keyPath: keyPath)
            Issue.record("a read succeeded without its blob store")
        } catch { #expect("\(error)".contains("cannot read the blob store") && "\(error)".contains("closed"), "\(error)") }
        #expect(node.tip().height == height)
    }
}

/// A loopback port with nothing listening (bound, then closed).
enum ClosedPort {
    static func make() throws -> UInt16 {
        let listener = try SilentListener()
        let port = listener.port
        listener.close()
        return port
    }
}

/// A loopback TCP socket that listens and never accepts or answers.
final class SilentListener {
    let fd: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 8) == 0 else { throw VaultError.io("cannot listen on loopback: \(String(cString: strerror(errno)))") }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        self.fd = fd
        port = UInt16(bigEndian: address.sin_port)
    }

    func close() { _ = Glibc.close(fd) }
}
