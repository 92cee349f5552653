import Foundation
import PropCheckCampaign
import PropCheckCorpus

/// `propcheck corpus merge DIR... --into DIR`: gathers the corpus directories of many
/// shards (or machines) into one. Every entry is read and replayed first; each one
/// that names a known target is kept (a failure found is never dropped), and each
/// problem is named: an unreadable file or an unknown target (exit 2), an entry whose
/// replay no longer shows what it recorded (exit 1: stale or nondeterministic).
struct CorpusMergeCommand {
    var tool: PropCheckTool
    var sources: [String]
    var destination: String

    func run() throws -> ExitCode {
        var badInput: [String] = [], notReproduced: [String] = []
        var merged = 0, already = 0, checked = 0
        let into = Corpus(directory: URL(fileURLWithPath: destination))
        for source in sources {
            let directory = URL(fileURLWithPath: source)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                badInput.append("\(source) is not a directory")
                continue
            }
            let files: [URL]
            do { files = try Corpus(directory: directory).files() } catch {
                badInput.append("\(source) cannot be read: \(error)")
                continue
            }
            for file in files {
                let loaded: LoadedEntry
                do { loaded = try LoadedEntry(file: file.path, registry: tool.registry) } catch {
                    badInput.append("\(error)")
                    continue
                }
                checked += 1
                if let problem = reproductionProblem(loaded) { notReproduced.append("\(file.path): \(problem)") }
                do {
                    let (url, isNew) = try into.save(loaded.entry)
                    if isNew { merged += 1; print("merged \(file.path) -> \(url.path)") } else { already += 1 }
                } catch {
                    throw InputError(message: "--into \(destination): \(error)")
                }
            }
        }
        print("\(checked) entries checked: \(merged) merged into \(destination), \(already) already there")
        for problem in notReproduced { print("NOT REPRODUCED (kept, check it): \(problem)") }
        for problem in badInput { printError("\(tool.name): \(problem)") }
        if !badInput.isEmpty { return .usage }
        return notReproduced.isEmpty ? .success : .propertyFailed
    }

    /// Why replaying the entry here does not show the violation it recorded, or nil.
    func reproductionProblem(_ loaded: LoadedEntry) -> String? {
        let (entry, target, token, settings) = loaded.parts
        if target.traps {
            let child = tool.isolation.run(target, settings: settings, choices: token.choices.values)
            return child.failureKind == entry.property ? nil : "recorded \(entry.property), replayed as \(child.failureKind ?? "a pass")"
        }
        do {
            return try target.check(entry, expecting: .stillFails).problem
        } catch {
            return "cannot be replayed: \(error)"
        }
    }
}
