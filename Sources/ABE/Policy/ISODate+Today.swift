import Foundation

extension ISODate {
    /// Today's date in UTC (the vault's notion of "now" for key validity).
    /// `VAULT_TODAY=YYYY-MM-DD` overrides it, so that demos and tests can
    /// show expiry deterministically.
    public static var today: ISODate {
        if let text = ProcessInfo.processInfo.environment["VAULT_TODAY"], let date = try? ISODate(parsing: text) { return date }
        let seconds = Int(Date().timeIntervalSince1970)
        return ISODate(daysSinceEpoch: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }
}
