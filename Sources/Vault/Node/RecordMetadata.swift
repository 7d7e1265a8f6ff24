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

/// `2026-12-02T01:02:03Z` (RFC 3339 §5.6, UTC, whole seconds). Formatted by
/// hand: an ISO8601DateFormatter per call cost 1 % of a put.
func isoTimestamp(_ date: Date) -> String {
    let seconds = Int(date.timeIntervalSince1970.rounded(.down))
    let day = ISODate(daysSinceEpoch: seconds.quotientFloor(86_400))
    let inDay = seconds - seconds.quotientFloor(86_400) * 86_400
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(day)T\(two(inDay / 3600)):\(two(inDay / 60 % 60)):\(two(inDay % 60))Z"
}

extension Int {
    /// Division rounding toward minus infinity (dates before 1970).
    fileprivate func quotientFloor(_ d: Int) -> Int { self >= 0 ? self / d : -((-self + d - 1) / d) }
}

func isoTimestamp(millis: UInt64) -> String { isoTimestamp(Date(timeIntervalSince1970: Double(millis) / 1000)) }

func isoDate(millis: UInt64) -> String { ISODate(daysSinceEpoch: Int(millis / 86_400_000)).description }
