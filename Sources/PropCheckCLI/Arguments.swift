import PropCheckSimulator
import PropCheckEngine

/// A hand-written parser for `--name value` and `--flag` options (the project takes
/// no package dependencies, so no ArgumentParser). Every mistake becomes a
/// ``UsageError`` that names the argument and what is wrong with it.
struct Arguments {
    private var remaining: [String]

    init(_ arguments: some Sequence<String>) { remaining = Array(arguments) }

    /// Removes and returns the leading word when it is not an option (a subcommand, say).
    mutating func subcommand() -> String? {
        guard let first = remaining.first, !first.hasPrefix("-") else { return nil }
        remaining.removeFirst()
        return first
    }

    /// Removes `--name` and reports whether it was there.
    mutating func flag(_ name: String) -> Bool {
        guard let index = remaining.firstIndex(of: name) else { return false }
        remaining.remove(at: index)
        return true
    }

    /// Removes `--name value` (or `--name=value`) and returns the value.
    mutating func value(_ name: String) throws(UsageError) -> String? {
        if let index = remaining.firstIndex(where: { $0.hasPrefix(name + "=") }) {
            let value = String(remaining[index].dropFirst(name.count + 1))
            remaining.remove(at: index)
            return value
        }
        guard let index = remaining.firstIndex(of: name) else { return nil }
        guard index + 1 < remaining.count else { throw UsageError("\(name) needs a value") }
        let value = remaining[index + 1]
        remaining.removeSubrange(index...(index + 1))
        return value
    }

    /// Removes `--name N` and checks that N is an integer in `range`.
    mutating func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = try value(name) else { return nil }
        guard let number = Int(text) else { throw UsageError("\(name) expects an integer, got '\(text)'") }
        guard range.contains(number) else {
            throw UsageError("\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(number)")
        }
        return number
    }

    /// Removes `--name VALUE` and checks that VALUE is one of `choices`.
    mutating func choice(_ name: String, from choices: [String]) throws(UsageError) -> String? {
        guard let text = try value(name) else { return nil }
        guard choices.contains(text) else {
            throw UsageError("\(name) must be one of \(choices.joined(separator: ", ")), got '\(text)'")
        }
        return text
    }

    /// Removes `--name S` and parses S as a seed (1 to 16 hex digits).
    mutating func seed(_ name: String) throws(UsageError) -> Seed? {
        guard let text = try value(name) else { return nil }
        guard let seed = Seed(text) else { throw UsageError("\(name) expects 1 to 16 hex digits, got '\(text)'") }
        return seed
    }

    /// Removes `--width N` and, if `nodesOption` names one, `--nodes n1,n3`: how a
    /// `--trace timeline` is drawn. Nodes are written `n3` or `3`.
    mutating func timelineOptions(nodesOption: String?) throws(UsageError) -> TimelineOptions {
        var options = TimelineOptions()
        if let width = try integer("--width", in: 40...10_000) { options.width = width }
        guard let nodesOption, let list = try value(nodesOption) else { return options }
        var nodes: [NodeID] = []
        for item in list.split(separator: ",", omittingEmptySubsequences: false) {
            let digits = item.hasPrefix("n") ? item.dropFirst() : item[...]
            guard let number = Int(digits), number >= 1 else {
                throw UsageError("\(nodesOption) expects nodes like n1,n3, got '\(item)' in '\(list)'")
            }
            if !nodes.contains(NodeID(number)) { nodes.append(NodeID(number)) }
        }
        options.nodes = nodes
        return options
    }

    /// Fails on anything left over: an unknown option or a stray word.
    func finish() throws(UsageError) {
        if let first = remaining.first {
            throw UsageError(first.hasPrefix("-") ? "unknown option '\(first)'" : "unexpected argument '\(first)'")
        }
    }
}

/// A command-line mistake: printed with a pointer to `--help`, exit code 2.
struct UsageError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
