/// Text from outside (policies, attribute names, ids, file names) made safe
/// to show: control characters, and invisible or format characters such as
/// U+200B ZERO WIDTH SPACE and the bidirectional overrides (Trojan Source,
/// CVE-2021-42574), are written as `\u{200B}` so that what a person reads
/// is what the program saw. Everything else, accents and non-Latin scripts
/// included, is shown as is. Escaping is idempotent (a backslash is left
/// alone), so messages that embed escaped messages stay readable.
public enum DisplayText {
    public static func escaped(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Controls (Cc), format characters (Cf: zero-width, bidi controls, BOM,
    /// tags), separators other than the plain space (Zl, Zp, and Zs such as
    /// U+00A0 that look like a space but are not), private use, unassigned
    /// code points, and the few invisible characters Unicode files elsewhere
    /// (Hangul fillers, U+115F/U+1160/U+3164/U+FFA0; combining grapheme joiner;
    /// variation selectors are Mn and left alone).
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator,
             .privateUse, .surrogate, .unassigned:
            return true
        default:
            return [0x115F, 0x1160, 0x3164, 0xFFA0, 0x034F].contains(scalar.value)
        }
    }
}
