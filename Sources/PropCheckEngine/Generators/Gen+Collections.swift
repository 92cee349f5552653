// Lists draw a "one more?" choice before each element past the minimum length, and
// each element (with its "one more?" choice) is one span: deleting that span
// leaves a valid, shorter list, which is what lets the shrinker delete elements.

extension Gen {
    /// Arrays of `length.lowerBound` to `length.upperBound` elements.
    public func array(length: ClosedRange<Int> = 0...100) -> Gen<[Value]> {
        array(minLength: length.lowerBound, maxLength: length.upperBound)
    }

    /// Arrays of exactly `count` elements.
    public func array(count: Int) -> Gen<[Value]> {
        array(minLength: count, maxLength: count)
    }

    /// Arrays of `minLength` to `maxLength` elements; a clear error when the bounds
    /// are negative or crossed. Fresh lists average about
    /// `min(5, (maxLength - minLength) / 2)` elements past the minimum.
    public func array(minLength: Int, maxLength: Int) -> Gen<[Value]> {
        guard minLength >= 0, minLength <= maxLength else {
            return .invalid("array(minLength: \(minLength), maxLength: \(maxLength)): "
                + (minLength < 0 ? "minLength is negative" : "minLength is greater than maxLength"))
        }
        let averageExtra = UInt64(Swift.max(1, Swift.min(5, (maxLength - minLength) / 2)))
        return Gen<[Value]> { source in
            source.startSpan("array")
            defer { source.endSpan() }
            var result: [Value] = []
            while result.count < maxLength {
                source.startSpan("element")
                if result.count >= minLength,
                   !source.drawBit(chance: averageExtra, in: averageExtra + 1) || source.overran {
                    source.endSpan()
                    break
                }
                do {
                    result.append(try self.body(source))
                } catch {
                    source.endSpan()
                    throw error
                }
                source.endSpan()
            }
            return result
        }
    }
}

extension Gen where Value == Character {
    /// Characters from `alphabet`, shrinking towards its first character.
    public static func character(from alphabet: String) -> Gen<Character> {
        .element(of: Array(alphabet))
    }

    /// Printable ASCII, letters first so that values shrink towards `"a"`.
    public static var asciiPrintable: Gen<Character> {
        character(from: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
    }
}

extension Gen where Value == String {
    /// Strings of characters drawn from `characters`, shrinking towards `""`.
    public static func string(of characters: Gen<Character> = .asciiPrintable, length: ClosedRange<Int> = 0...100) -> Gen<String> {
        characters.array(length: length).map { String($0) }
    }
}
