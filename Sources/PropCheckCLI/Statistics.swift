/// The median of `values` (the lower middle for an even count); 0 for none.
public func median<T: Comparable & AdditiveArithmetic>(_ values: [T]) -> T {
    guard !values.isEmpty else { return .zero }
    return values.sorted()[(values.count - 1) / 2]
}

/// A figure with thousands separators: `1,234,567`.
public func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (offset, character) in digits.enumerated() {
        if offset > 0 && (digits.count - offset) % 3 == 0 { out.append(",") }
        out.append(character)
    }
    return value < 0 ? "-" + out : out
}

/// Pads `text` on the left to `width` columns.
public func leftPad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}

/// Pads `text` on the right to `width` columns.
public func rightPad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
}
