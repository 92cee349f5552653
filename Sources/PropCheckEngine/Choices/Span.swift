/// A labelled, contiguous run of choices that one generator drew: a list element,
/// one branch of a `oneOf`, one simulator step.
///
/// Spans are the structure the shrinker sees: deleting a span removes a whole
/// element, zeroing it makes that element as simple as possible, and swapping two
/// sibling spans reorders elements.
public struct Span: Hashable, Sendable {
    /// What drew the span (`"element"`, `"oneOf"`, `"step"`), used to match siblings.
    public var label: String
    /// Index of the first choice in the span.
    public var start: Int
    /// Index one past the last choice in the span.
    public var end: Int
    /// Nesting depth; top-level spans have depth 0.
    public var depth: Int
    /// Index, in the source's span list, of the enclosing span, or -1 at top level.
    public var parent: Int
    /// True when the generator threw the span's value away (a rejected `filter` attempt).
    public var discarded: Bool

    /// The choice indices the span covers.
    public var range: Range<Int> { start..<end }
    /// How many choices the span covers.
    public var count: Int { end - start }
}

extension Array where Element == Span {
    /// Indices of the back-to-back siblings (same parent, same label) that start at
    /// `first`, `first` included: the elements of one list from `first` onwards.
    /// Spans are stored in start order, so a member's descendants sit between it and
    /// the next member and are skipped.
    public func siblingRun(from first: Int) -> [Int] {
        let head = self[first]
        var run = [first]
        var end = head.end
        var next = first + 1
        while next < count {
            let span = self[next]
            if span.depth < head.depth { break }
            if span.depth == head.depth {
                guard span.parent == head.parent, span.label == head.label, span.start == end else { break }
                run.append(next)
                end = span.end
            }
            next += 1
        }
        return run
    }

    /// The span right before the span at `index` that has its parent and label and
    /// ends where it starts (the step before it), if any.
    public func previousSibling(of index: Int) -> Int? {
        let span = self[index]
        var previous = index - 1
        while previous >= 0 {
            let candidate = self[previous]
            if candidate.depth < span.depth { return nil }
            if candidate.depth == span.depth {
                return candidate.parent == span.parent && candidate.label == span.label && candidate.end == span.start
                    ? previous : nil
            }
            previous -= 1
        }
        return nil
    }

    /// True when the span at `index` directly follows a sibling with the same label,
    /// that is, when it is not the first member of its run.
    public func continuesRun(at index: Int) -> Bool { previousSibling(of: index) != nil }
}
