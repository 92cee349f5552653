/// Deletes runs of 8, 4, 2 and 1 adjacent choices wherever they are, span or not.
/// This is what merges structures: deleting the "end of list, start another" pair
/// of choices joins two inner lists into one.
public struct DeleteChunks: ShrinkPass {
    public var name: String { "delete chunks" }
    /// The pass.
    public init() {}

    public func run(on shrinker: Shrinker) async {
        for size in [8, 4, 2, 1] {
            var start = shrinker.best.choices.count - size
            while start >= 0, !shrinker.isExhausted {
                let choices = shrinker.best.choices
                if start + size <= choices.count {
                    await shrinker.consider(choices.removing(start..<(start + size)))
                }
                start -= 1
            }
        }
    }
}
