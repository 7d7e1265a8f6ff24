/// A proleptic Gregorian calendar date written `YYYY-MM-DD`, compared as the
/// number of days since 1970-01-01 so that date comparisons are integer ones.
public struct ISODate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Years outside this range are refused: four-digit years only.
    public static let yearRange = 1...9999

    /// Checks the calendar; the error says what is wrong in words.
    public init(year: Int, month: Int, day: Int) throws(DateError) {
        guard Self.yearRange.contains(year) else { throw .yearOutOfRange(year) }
        guard (1...12).contains(month) else { throw .monthOutOfRange(month) }
        let length = Self.daysInMonth(year: year, month: month)
        guard (1...length).contains(day) else {
            throw .dayOutOfRange(year: year, month: month, day: day, daysInMonth: length)
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init(parsing text: String) throws(DateError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.unicodeScalars.allSatisfy(Identifier.isDigit) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { throw .notADate(text) }
        try self.init(year: year, month: month, day: day)
    }

    /// The inverse of `daysSinceEpoch` (the caller keeps the value in range).
    public init(daysSinceEpoch days: Int) {
        // civil_from_days (H. Hinnant, "chrono-Compatible Low-Level Date
        // Algorithms"): shift to eras of 400 years starting on March 1st.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (negative before it).
    public var daysSinceEpoch: Int {
        // days_from_civil (same source as above).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public var description: String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    public static func < (lhs: ISODate, rhs: ISODate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public enum DateError: Error, Hashable, Sendable, CustomStringConvertible {
        case notADate(String)
        case yearOutOfRange(Int)
        case monthOutOfRange(Int)
        case dayOutOfRange(year: Int, month: Int, day: Int, daysInMonth: Int)

        public var description: String {
            switch self {
            case .notADate(let text):
                return "'\(text)' is not a date; write dates as YYYY-MM-DD, e.g. 2027-01-01"
            case .yearOutOfRange(let year):
                return "year \(year) is out of range (0001…9999)"
            case .monthOutOfRange(let month):
                return "month \(month) does not exist (months are 01…12)"
            case .dayOutOfRange(let year, let month, let day, let length):
                let names = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]
                return "day \(day) does not exist: \(names[month - 1]) \(year) has \(length) days"
            }
        }
    }
}
