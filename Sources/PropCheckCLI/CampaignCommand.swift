import Foundation
import PropCheckCampaign
import PropCheckCorpus
import PropCheckEngine
import PropCheckSimulator

/// `propcheck [options]`: runs campaigns and saves each shrunk failure to the corpus
/// before the next campaign starts, so an interrupted run loses nothing it found.
struct CampaignCommand {
    var tool: PropCheckTool
    var targets: [CampaignTarget]
    var options: CampaignOptions
    var corpus: Corpus
    var json: Bool
    /// The rendering of a failure's whole trace to print, if asked for.
    var trace: String?
    /// How `--trace timeline` is drawn (`--width`; `--nodes` is the cluster size here).
    var timeline: TimelineOptions
    /// Run every case in a child process.
    var isolate: Bool
    /// Where to write an HTML report of each failure, if anywhere.
    var html: String?

    init(tool: PropCheckTool, _ arguments: inout Arguments) throws(UsageError) {
        self.tool = tool
        let registry = tool.registry
        let iterations = try arguments.integer("--iterations", in: 0...100_000_000) ?? 1000
        let seed = try arguments.seed("--seed") ?? Seed(0x5eed)
        let protocolName = try arguments.choice("--protocol", from: registry.protocols + ["all"]) ?? "all"
        let variant = try arguments.value("--variant")
        var faults: Set<FaultKind>?
        if let list = try arguments.value("--faults") {
            var kinds: Set<FaultKind> = []
            for name in list.split(separator: ",", omittingEmptySubsequences: false) {
                guard let kind = FaultKind(rawValue: String(name)) else {
                    throw UsageError("--faults: unknown fault kind '\(name)'; known: \(FaultKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                kinds.insert(kind)
            }
            faults = kinds
        }
        let jobs = try arguments.integer("--jobs", in: 1...1024) ?? ProcessInfo.processInfo.activeProcessorCount
        var shard = (index: 1, count: 1)
        if let text = try arguments.value("--shard") {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else {
                throw UsageError("--shard expects K/N with 1 <= K <= N, got '\(text)'")
            }
            shard = (k, n)
        }
        if let text = try arguments.value("--shard-env") {
            guard shard == (1, 1) else { throw UsageError("--shard-env and --shard name the slice twice; give one") }
            shard = try Self.shard(fromEnvironment: text, ProcessInfo.processInfo.environment)
        }
        let property = try arguments.value("--property")
        let nodes = try arguments.integer("--nodes", in: RunSettings.nodeRange)
        let directory = try arguments.value("--corpus") ?? "corpus"
        json = (try arguments.choice("--format", from: ["text", "json"]) ?? "text") == "json"
        trace = try arguments.choice("--trace", from: registry.traceNames)
        timeline = try arguments.timelineOptions(nodesOption: nil)
        if trace != "timeline" && timeline != TimelineOptions() {
            throw UsageError("--width shapes '--trace timeline'; give that too")
        }
        isolate = arguments.flag("--isolate")
        let guided = arguments.flag("--guided")
        let conformance = !arguments.flag("--no-conformance")
        if guided && isolate {
            throw UsageError("--guided derives cases from earlier ones in-process; it cannot run with --isolate")
        }
        html = try arguments.value("--html")

        let candidates = protocolName == "all" ? registry.targets : registry.of(protocol: protocolName)
        if let variant {
            guard let chosen = candidates.first(where: { $0.variant == variant }) else {
                throw UsageError("--variant: no variant '\(variant)'\(protocolName == "all" ? "" : " of \(protocolName)"); "
                    + "known: \(candidates.map(\.variant).joined(separator: ", "))")
            }
            targets = [chosen]
        } else {
            // By default, the correct variants: a failure there is a real bug.
            targets = candidates.filter { !$0.isBroken }
        }
        if let property {
            targets = targets.filter { $0.properties.contains(property) }
            guard !targets.isEmpty else {
                let known = Set(candidates.flatMap(\.properties)).sorted().joined(separator: ", ")
                throw UsageError("--property: no selected variant checks '\(property)'; known: \(known)")
            }
        }
        options = CampaignOptions(iterations: iterations, seed: seed, faults: faults, jobs: jobs, shard: shard)
        if guided, let trapping = targets.first(where: \.traps) {
            throw UsageError("--guided: \(trapping.name) can trap and always runs isolated, which a guided search cannot")
        }
        options.property = property
        options.nodes = nodes
        options.guided = guided
        options.conformance = conformance
        corpus = Corpus(directory: URL(fileURLWithPath: directory))
    }

    /// `--shard-env NAME/N`: this machine's slice from a batch runner's own index, the
    /// 0-based number in the environment variable NAME (a Kubernetes Indexed Job's
    /// JOB_COMPLETION_INDEX, Buildkite's BUILDKITE_PARALLEL_JOB), of N slices.
    static func shard(fromEnvironment text: String, _ environment: [String: String]) throws(UsageError) -> (index: Int, count: Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let n = Int(parts[1]), n >= 1 else {
            throw UsageError("--shard-env expects NAME/N (NAME an environment variable holding a 0-based index), got '\(text)'")
        }
        let name = String(parts[0])
        guard let value = environment[name] else {
            throw UsageError("--shard-env: the environment variable \(name) is not set")
        }
        guard let index = Int(value.trimmingCharacters(in: .whitespaces)), (0..<n).contains(index) else {
            throw UsageError("--shard-env: \(name) is '\(value)', not a 0-based index below \(n)")
        }
        return (index + 1, n)
    }

    func run() async throws -> ExitCode {
        var reports: [CampaignReport] = []
        // The corpus file of each failure, in order ("" when it could not be saved).
        var saved: [String] = []
        // Files that could not be written: bad input (exit 2), reported after the failures.
        var problems: [String] = []
        for target in targets {
            var options = self.options
            options.progress = ProgressReporter(label: target.name, total: options.caseCount)
            // A variant that can kill the process always runs isolated.
            var report = isolate || target.traps
                ? await tool.isolation.campaign(target, options: options)
                : await target.run(options)
            if let failure = report.failure {
                // Saved first (an interrupted run keeps what it found), but a save that fails
                // loses nothing either: the failure is printed in full, then the error.
                var saveResult: Result<(url: URL, isNew: Bool), CorpusError>
                do { saveResult = .success(try corpus.save(failure)) } catch { saveResult = .failure(error) }
                if report.nondeterminism == nil, !target.traps, let token = try? ReplayToken.parse(failure.replay) {
                    // In a fresh process too: hash-seeded iteration differs only there.
                    report.nondeterminism = try? tool.isolation.nondeterminism(
                        of: token.choices.values, target: target,
                        settings: options.settings(defaultFaults: target.defaultFaults))
                }
                reports.append(report)
                var page: Result<String, any Error>?
                switch saveResult {
                case .success(let (url, _)):
                    saved.append(url.path)
                    if let html {
                        do {
                            page = .success(try writeReport(LoadedEntry(file: url.path, registry: tool.registry), file: url.path,
                                                            tool: tool, into: html, option: "--html"))
                        } catch { page = .failure(error) }
                    }
                case .failure(let error):
                    saved.append("")
                    problems.append("the failure of \(target.name) above could not be saved: \(error)")
                }
                if case .failure(let error)? = page { problems.append("\(error)") }
                if !json {
                    print(report.text)
                    if let trace, let token = try? ReplayToken.parse(failure.replay),
                       let result = try? target.replay(token.choices.values, settings: options.settings(defaultFaults: target.defaultFaults)) {
                        print("  whole trace (\(trace)):")
                        print(trace == "timeline" ? result.timeline(timeline)
                              : result.traces[trace] ?? "  (no \(trace) rendering for \(target.name))")
                    }
                    if case .success(let (url, isNew)) = saveResult {
                        print("  saved to \(url.path)\(isNew ? "" : " (already there)")")
                        if case .success(let path)? = page { print("  report: \(path)") }
                        print("  replay with: \(tool.name) replay \(url.path)")
                        print("  as a regression test: \(tool.name) replay \(url.path) --as-test")
                    } else {
                        print("  NOT SAVED (see the error below); replay token: \(failure.replay)")
                    }
                }
            } else {
                reports.append(report)
                if !json { print(report.text) }
            }
        }
        if json {
            print(try encodeJSON(CampaignSummary(reports: reports, corpusFiles: saved, seed: options.seed.description,
                                                 errors: problems)))
        } else {
            print(String(format: "peak memory: %.1f MB", Double(processPeakMemoryBytes()) / 1_048_576))
        }
        for problem in problems { printError("\(tool.name): \(problem)") }
        if !problems.isEmpty { return .usage }
        if let broken = reports.first(where: { $0.error != nil }) {
            // Failures found are saved above; the broken case is an error of the setup.
            FileHandle.standardError.write(Data("\(tool.name): \(broken.target): \(broken.error ?? "")\n".utf8))
            return .internalError
        }
        return reports.contains { $0.failure != nil } ? .propertyFailed : .success
    }
}

/// `propcheck replay FILE...`: re-runs corpus files and prints each counterexample.
struct ReplayCommand {
    var tool: PropCheckTool
    var files: [String]
    /// The rendering asked for; nil prints the log, or a liveness failure's summary.
    var trace: String?
    /// How `--trace timeline` is drawn.
    var timeline: TimelineOptions
    /// Print each file as a Swift Testing test instead of replaying it.
    var asTest: Bool
    /// Replay each file twice and compare the traces event by event.
    var checkDeterminism: Bool

    /// Replays every file, a bad one included: each bad file is named (exit 2 at the
    /// end), the others are replayed all the same.
    func run() throws -> ExitCode {
        if asTest && checkDeterminism {
            throw UsageError("--as-test prints tests without replaying; --check-determinism replays: give one")
        }
        var stillFailing = false
        var badFiles: [String] = []
        if asTest {
            // The imports once, then a test per file: the output is a whole test file.
            print((["Testing", "PropCheck"] + tool.testSupport.imports).map { "import \($0)" }.joined(separator: "\n") + "\n")
        }
        for file in files {
            do {
                if try replay(file) { stillFailing = true }
            } catch let error as InputError {
                badFiles.append(error.message)
            } catch is InternalFailure {
                return .internalError
            }
        }
        for message in badFiles { printError("\(tool.name): \(message)") }
        if !badFiles.isEmpty { return .usage }
        return stillFailing ? .propertyFailed : .success
    }

    /// Replays (or prints as a test) one file; true when it still fails.
    func replay(_ file: String) throws -> Bool {
        var stillFailing = false
        do {
            let (entry, target, token, settings) = try LoadedEntry(file: file, registry: tool.registry).parts
            if asTest {
                print(regressionTest(entry, file: file, traps: target.traps, tool: tool))
                return false
            }
            if target.traps {
                // It may kill the process: replay it in a child.
                let child = tool.isolation.run(target, settings: settings, choices: token.choices.values)
                print("== \(file) (isolated)")
                if let divergence = try target.divergence(of: entry, settings: settings) {
                    print("DIVERGED: the recorded choices no longer give the recorded run (\(divergence)); "
                          + "what follows is another run. A trapping variant's plan is not replayed in-process.")
                }
                if checkDeterminism {
                    // It cannot be replayed in this process: twice in children, compared.
                    let again = tool.isolation.run(target, settings: settings, choices: token.choices.values)
                    if again.choices != child.choices || again.failureKind != child.failureKind
                        || again.failureMessage != child.failureMessage {
                        print("== \(file): NOT deterministic (a node or framework bug): two isolated replays differ "
                              + "(\(child.choices.count) vs \(again.choices.count) choices drawn; "
                              + "\(child.failureKind ?? "pass") vs \(again.failureKind ?? "pass"))")
                        throw InternalFailure()
                    }
                    print("== \(file): deterministic over \(child.choices.count) choices, in two isolated replays")
                }
                if let kind = child.failureKind {
                    stillFailing = true
                    print("still fails: \(kind): \(child.failureMessage ?? "")")
                } else {
                    print("PASSES now: the recorded failure (\(VisibleText.escaped(entry.property))) no longer reproduces")
                }
                return stillFailing
            }
            let replay: EntryReplay
            do { replay = try target.replay(entry: entry, settings: settings) } catch let error as PlanError {
                throw InputError(message: "\(file): \(error)")
            }
            if let divergence = replay.divergence {
                // The code that reads choices changed: the exact replay is some other run,
                // so the recorded plan (schedule and swarm options as data) stands in.
                print("== \(file): DIVERGED: the recorded choices no longer give the recorded run")
                print("  \(divergence)")
                print(replay.fromPlan == nil
                      ? "  the entry holds no plan to replay instead (written before entries kept one): regenerate it"
                      : "  replaying the recorded schedule instead, the run's own decisions from the choices after it")
            }
            guard let result = replay.outcome else { return true }
            if checkDeterminism {
                let again = try target.replay(entry: entry, settings: settings).outcome ?? result
                let first = (result.traces["log"] ?? "").split(separator: "\n").map(String.init)
                let second = (again.traces["log"] ?? "").split(separator: "\n").map(String.init)
                if let difference = firstDifference(first, second) {
                    print("== \(file): NOT deterministic (a node or framework bug): the replays differ at event \(difference.index)")
                    print("  first:  \(difference.first)")
                    print("  second: \(difference.second)")
                    throw InternalFailure()
                }
                print("== \(file): deterministic over \(first.count) events")
            }
            print("== \(file)")
            print(result.summary)
            if trace == nil, let violation = result.violation, violation.kind == .liveness {
                print(result.failureNotes())
            } else if trace == "timeline" {
                if let missing = timeline.nodes?.first(where: { !result.nodes.contains($0) }) {
                    throw InputError(message: "--nodes: \(missing) is not a node of \(file)'s run (its nodes: "
                        + result.nodes.map(\.description).joined(separator: " ") + ")")
                }
                print(result.timeline(timeline))
            } else {
                print(trace.flatMap { result.traces[$0] } ?? result.traces["log"] ?? "")
            }
            if let violation = result.violation {
                stillFailing = true
                print(violation.property == entry.property
                      ? "still fails: \(violation.property)"
                      : "still fails, but differently: recorded \(VisibleText.escaped(entry.property)), now \(violation.property)")
            } else {
                print("PASSES now: the recorded failure (\(VisibleText.escaped(entry.property))) no longer reproduces")
            }
        } catch let error as InternalFailure {
            throw error
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(message: "\(file): cannot be replayed: \(error)")
        }
        return stillFailing
    }
}

/// A replay that found the tool itself at fault (nondeterminism): exit 3.
struct InternalFailure: Error {}


/// A corpus file read and checked: its entry, the variant it names, its replay token
/// and the settings its campaign ran under. Any problem is an error naming the file.
struct LoadedEntry {
    var entry: CorpusEntry
    var target: CampaignTarget
    var token: ReplayToken
    var settings: RunSettings

    init(file: String, registry: TargetRegistry) throws(InputError) {
        do { entry = try Corpus.load(URL(fileURLWithPath: file)) } catch { throw InputError(message: "\(error)") }
        let entry = self.entry
        guard let target = registry.recorded(in: entry) else {
            throw InputError(message: "\(file) names an unknown protocol variant '\(entry.protocolName)/\(entry.variant)'")
        }
        self.target = target
        do { token = try ReplayToken.parse(entry.replay) } catch { throw InputError(message: "\(file): \(error)") }
        do { settings = try target.settings(recordedIn: entry) } catch { throw InputError(message: "\(file) \(error)") }
        if let problem = entry.plan?.problem { throw InputError(message: "\(file): \(problem)") }
    }

    var parts: (CorpusEntry, CampaignTarget, ReplayToken, RunSettings) { (entry, target, token, settings) }
}

/// A bad input file: exit code 2, with the file and the problem.
struct InputError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The `--format json` output: one object for all the campaigns run.
struct CampaignSummary: Encodable {
    struct Failure: Encodable {
        var `protocol`: String
        var variant: String
        var property: String
        var message: String
        var corpusFile: String
        /// External schedule steps of the shrunk counterexample.
        var steps: Int
        var replay: String
    }

    var seed: String
    var iterations: Int
    var failures: [Failure]
    var schedulesPerSecond: Int
    var eventsPerSecond: Int
    /// The most resident memory the process used, in bytes.
    var peakMemoryBytes: Int
    var campaigns: [CampaignReport]

    /// What could not be written (a corpus entry, a report page), each naming the path and cause.
    var errors: [String]

    init(reports: [CampaignReport], corpusFiles: [String], seed: String, errors: [String] = []) {
        self.seed = seed
        self.errors = errors
        iterations = reports.reduce(0) { $0 + $1.iterations }
        var files = corpusFiles.makeIterator()
        failures = reports.compactMap { report in
            guard let failure = report.failure else { return nil }
            return Failure(protocol: failure.protocolName, variant: failure.variant, property: failure.property,
                           message: failure.message, corpusFile: files.next() ?? "", steps: failure.schedule.count,
                           replay: failure.replay)
        }
        let seconds = reports.reduce(0.0) { $0 + $1.seconds }
        let runs = reports.reduce(0.0) { $0 + Double($1.schedulesPerSecond) * $1.seconds }
        let events = reports.reduce(0.0) { $0 + Double($1.eventsPerSecond) * $1.seconds }
        schedulesPerSecond = Int(runs / max(seconds, 1e-9))
        eventsPerSecond = Int(events / max(seconds, 1e-9))
        peakMemoryBytes = processPeakMemoryBytes()
        campaigns = reports
    }
}

/// A corpus entry as a ready-to-commit Swift Testing test that replays it under the
/// settings its campaign used and asserts that the violation still reproduces. A
/// variant that traps would kill the test process, so it gets a comment instead.
func regressionTest(_ entry: CorpusEntry, file: String, traps: Bool = false, tool: PropCheckTool) -> String {
    // Everything from the file is untrusted: comments get no line break or control
    // character, literals are escaped, the function name is letters and digits only.
    let name = (URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent)
        .map { $0.isASCII && ($0.isLetter || $0.isNumber) ? String($0) : "_" }.joined()
    let comment = { (text: String) in VisibleText.escaped(text) }
    let literal = { (text: String) in VisibleText.swiftLiteral(text) }
    if traps {
        return """
            // \(comment(file)): \(comment(entry.protocolName))/\(comment(entry.variant)) traps, which would kill the test process;
            // replay it with '\(tool.name) replay \(comment(file))' (it runs in a child process), or keep it in corpus/.
            """
    }
    let faults = entry.faults.compactMap(FaultKind.init(rawValue:)).map { ".\($0)" }.joined(separator: ", ")
    var settings = "faults: [\(faults)]"
    if let nodes = entry.nodes { settings += ", nodes: \(nodes)" }
    if let property = entry.checkedProperty { settings += ", property: \(literal(property))" }
    return """
        // \(comment(entry.message))
        // schedule: \(comment(entry.schedule.joined(separator: "; ")))
        @Test func \(name.first?.isNumber == false ? name : "_" + name)() throws {
            let target = try #require(\(tool.testSupport.registry).named(\(literal("\(entry.protocolName)/\(entry.variant)"))))
            let token = try ReplayToken.parse(\(literal(entry.replay)))
            let result = try target.replay(token.choices.values, settings: RunSettings(\(settings)))
            #expect(result.violation?.property == \(literal(entry.property)))
        }
        """
}
