/// Renders any value the way a Swift literal would read, on one line when it fits in
/// `width` columns and indented over several lines when it does not:
/// `[.div(.lit(0), .add(.lit(0), .lit(0)))]`, `Point(x: 1, y: 2)`, `"text"`.
/// Types with their own `description` keep it.
public func prettyDescription(of value: Any, width: Int = 80) -> String {
    layout(document(for: value), indent: 0, width: width)
}

/// A value broken into pieces that can be laid out flat or vertically.
private indirect enum Document {
    case text(String)
    case group(open: String, items: [Document], close: String)

    var flat: String {
        switch self {
        case .text(let text): text
        case .group(let open, let items, let close): open + items.map(\.flat).joined(separator: ", ") + close
        }
    }
}

private func document(for value: Any) -> Document {
    if let string = value as? String { return .text(string.debugDescription) }
    if let character = value as? Character { return .text(String(character).debugDescription) }
    let mirror = Mirror(reflecting: value)
    let custom = value is CustomStringConvertible || value is CustomDebugStringConvertible
    switch mirror.displayStyle {
    case .optional:
        guard let wrapped = mirror.children.first?.value else { return .text("nil") }
        return document(for: wrapped)
    case .collection, .set:
        return .group(open: "[", items: mirror.children.map { document(for: $0.value) }, close: "]")
    case .dictionary:
        let items = mirror.children.map { child -> Document in
            let pair = Mirror(reflecting: child.value).children.map(\.value)
            return .group(open: "", items: [.text(document(for: pair[0]).flat + ": " + document(for: pair[1]).flat)], close: "")
        }
        return items.isEmpty ? .text("[:]") : .group(open: "[", items: items, close: "]")
    case .tuple:
        return .group(open: "(", items: labelled(mirror), close: ")")
    case .enum where !custom:
        guard let payload = mirror.children.first else { return .text("." + String(describing: value)) }
        let name = "." + (payload.label ?? "")
        let inner = Mirror(reflecting: payload.value)
        let items = inner.displayStyle == .tuple ? labelled(inner) : [document(for: payload.value)]
        return .group(open: name + "(", items: items, close: ")")
    case .struct where !custom, .class where !custom:
        return .group(open: "\(type(of: value))(", items: labelled(mirror), close: ")")
    default:
        return .text(String(describing: value))
    }
}

private func labelled(_ mirror: Mirror) -> [Document] {
    mirror.children.map { child in
        let inner = document(for: child.value)
        guard let label = child.label, !label.hasPrefix(".") else { return inner }
        switch inner {
        case .text(let text): return .text("\(label): \(text)")
        case .group(let open, let items, let close): return .group(open: "\(label): \(open)", items: items, close: close)
        }
    }
}

private func layout(_ document: Document, indent: Int, width: Int) -> String {
    let flat = document.flat
    guard case .group(let open, let items, let close) = document, indent + flat.count > width, !items.isEmpty else {
        return flat
    }
    let padding = String(repeating: " ", count: indent + 2)
    let body = items.map { padding + layout($0, indent: indent + 2, width: width) }.joined(separator: ",\n")
    return open + "\n" + body + "\n" + String(repeating: " ", count: indent) + close
}
