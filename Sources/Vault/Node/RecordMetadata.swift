import Foundation
import ABE
import VaultSupport

/// Off-chain metadata of a record, kept by the node (destroyed on erasure).
struct RecordMetadata: Codable, Equatable {
    var id: String
    /// Salt of the patient commitment anchored on the chain (hex), if a patient was named.
    var patientSalt: String?
    var createdAt: String

    enum CodingKeys: String, CodingKey { case id, patientSalt = "patient_salt", createdAt = "created_at" }
}

/// Atomic writes with the vault's error type.
enum Files {
    static func write(_ bytes: [UInt8], to path: String, secret: Bool = false, overwrite: Bool = false) throws {
        do { try AtomicFile.write(bytes, to: path, secret: secret, overwrite: overwrite) } catch { throw VaultError.io(error.description) }
    }
}

func isoTimestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: date)
}

func isoTimestamp(millis: UInt64) -> String { isoTimestamp(Date(timeIntervalSince1970: Double(millis) / 1000)) }

func isoDate(millis: UInt64) -> String { ISODate(daysSinceEpoch: Int(millis / 86_400_000)).description }
