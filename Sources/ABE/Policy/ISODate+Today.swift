import Foundation

extension ISODate {
    /// Today's date in UTC (the vault's notion of "now" for key validity).
    /// `VAULT_TODAY=YYYY-MM-DD` overrides it, so that demos and tests can
    /// show expiry deterministically.
    public static var today: ISODate {
        // getenv, not ProcessInfo's environment, which copies every variable
        // into a dictionary: the node asks once per read (1.4% of a
        // `vault bench node` profile).
        if let raw = getenv("VAULT_TODAY"), let date = try? ISODate(parsing: String(cString: raw)) { return date }
        let seconds = Int(Date().timeIntervalSince1970)
        return ISODate(daysSinceEpoch: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }
}
