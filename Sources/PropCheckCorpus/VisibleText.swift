/// Text from a corpus file made safe to show: a file may hold anything, and its
/// strings reach terminals, HTML pages and generated Swift.
public enum VisibleText {
    /// `text` with every control character (C0, DEL, C1) and every bidirectional
    /// override or isolate shown as `\u{XX}`: nothing in it can move the cursor, ring
    /// the bell, recolour a terminal or reorder what is read after it.
    /// With `keepingLineBreaks`, line feeds and tabs stay (for multi-line text shown as such).
    public static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) && !(keepingLineBreaks && (scalar == "\n" || scalar == "\t")) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `text` as a Swift string literal, quotes included: backslashes and quotes
    /// escaped, control characters as `\u{XX}`, so the literal cannot end early.
    public static func swiftLiteral(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            default:
                if isUnsafe(scalar) { out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}" }
                else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidi marks, embeddings, overrides, isolates
        case 0x2028, 0x2029: true  // line and paragraph separators end a `//` comment in some readers
        default: false
        }
    }
}
