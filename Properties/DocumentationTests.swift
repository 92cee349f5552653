import Foundation
import Testing

/// The README's tutorial quotes the example package; it must stay the package's code.
@Suite("Documentation")
struct DocumentationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// The Swift blocks of the README section headed `heading`.
    static func swiftBlocks(under heading: String) throws -> [String] {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "\n## \(heading)\n") else { return [] }
        let section = readme[start.upperBound...].components(separatedBy: "\n## ")[0]
        return section.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
    }

    @Test("every snippet of 'Fuzz your own protocol' is in Examples/TwoPhaseCommit, verbatim")
    func tutorialIsTheExamplesCode() throws {
        let example = Self.root.appendingPathComponent("Examples/TwoPhaseCommit")
        var sources = try String(contentsOf: example.appendingPathComponent("Package.swift"), encoding: .utf8)
        for folder in ["Sources", "Tests"] {
            let files = FileManager.default.enumerator(at: example.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let file = files?.nextObject() as? URL {
                if file.pathExtension == "swift" { sources += try String(contentsOf: file, encoding: .utf8) }
            }
        }
        let blocks = try Self.swiftBlocks(under: "Fuzz your own protocol")
        #expect(blocks.count >= 6)
        for block in blocks {
            #expect(sources.contains(block), "README snippet not in the example package:\n\(block)")
        }
    }
}
