/// Lowers each choice on its own to the smallest value that stays interesting,
/// trying 0 and 1 first and then bisecting.
public struct MinimizeChoices: ShrinkPass {
    public var name: String { "minimise individual choices" }
    /// The pass.
    public init() {}

    public func run(on shrinker: Shrinker) async {
        var index = 0
        while index < shrinker.best.choices.count, !shrinker.isExhausted {
            let value = shrinker.best.choices[index]
            if value > 0 {
                _ = await findSmallestGood(below: value) { candidate in
                    let current = shrinker.best.choices
                    guard index < current.count else { return false }
                    return await shrinker.consider(current.replacing(index, with: candidate))
                }
            }
            index += 1
        }
    }
}
