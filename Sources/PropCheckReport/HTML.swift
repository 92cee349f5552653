import PropCheckCorpus

/// Escapes text for HTML and SVG, in element content and in quoted attributes:
/// corpus files are input, and a message or node name must never become markup;
/// control and bidirectional-override characters are shown as `\u{XX}`.
public func escapeHTML(_ text: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count)
    for character in VisibleText.escaped(text, keepingLineBreaks: true) {
        switch character {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        case "'": escaped += "&#39;"
        default: escaped.append(character)
        }
    }
    return escaped
}

/// Colours from Okabe and Ito's palette, which people with the common kinds of
/// colour blindness tell apart; the diagram also varies line style and shape.
enum Palette {
    static let blue = "#0072B2"
    static let orange = "#E69F00"
    static let vermillion = "#D55E00"
    static let green = "#009E73"
    static let sky = "#56B4E9"
    static let purple = "#CC79A7"
    static let grey = "#777777"
}
