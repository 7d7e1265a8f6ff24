/// Text from outside (ids, policies, member names) as it may be shown:
/// control, format and other invisible characters become `\u{…}`, so a
/// crafted id can neither hide characters nor move the terminal's cursor.
public enum DisplayText {
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned:
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
