import Foundation
import PropCheckCampaign
import PropCheckCorpus
import PropCheckReport

/// `propcheck report FILE... [--output DIR]`: one self-contained HTML page per
/// corpus file, with the counterexample's space-time diagram.
struct ReportCommand {
    var tool: PropCheckTool
    var files: [String]
    var output: String
    /// Folding, and whether to draw only the violation's causal past.
    var options: HTMLReport.Options

    func run() throws -> ExitCode {
        // Every file is read and checked before any page is written.
        let loaded = try files.map { file throws(InputError) in (file, try LoadedEntry(file: file, registry: tool.registry)) }
        for (file, entry) in loaded {
            let page = try writeReport(entry, file: file, tool: tool, into: output, option: "--output", options: options)
            print("\(file) -> \(page)")
        }
        return .success
    }
}

/// Replays `loaded` (unless its variant traps), renders its page and writes it into
/// `directory` as `<corpus file name>.html`, atomically. Returns the page's path.
/// `option` names the option that gave `directory`, for errors.
func writeReport(_ loaded: LoadedEntry, file: String, tool: PropCheckTool, into directory: String,
                 option: String, options: HTMLReport.Options = .init()) throws -> String {
    let run: ReportRun?, divergence: Divergence?
    do {
        run = loaded.target.traps ? nil : try loaded.target.report(loaded.token.choices.values, settings: loaded.settings)
        divergence = try loaded.target.divergence(of: loaded.entry, settings: loaded.settings)
    } catch {
        // What the file holds cannot be run: bad input, named, not an internal error.
        throw InputError(message: "\(file): cannot be replayed: \(error)")
    }
    // The page draws what the choices give now; say so when that is not the recorded run.
    let warning = divergence.map {
        "this entry's choices no longer draw the run it recorded (\($0)): the diagram shows the run they draw now; "
            + "'\(tool.name) replay \(file)' replays the recorded schedule."
    }
    if let warning { FileHandle.standardError.write(Data("\(tool.name): warning: \(file): \(warning)\n".utf8)) }
    let html = HTMLReport.render(entry: loaded.entry, file: file, run: run, warning: warning, options: options)
    let folder = URL(fileURLWithPath: directory)
    do {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
        throw InputError(message: "\(option) \(directory): cannot create the directory: \(error.localizedDescription)")
    }
    let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent + ".html"
    let page = folder.appendingPathComponent(name)
    do {
        try Data(html.utf8).write(to: page, options: .atomic)
    } catch {
        throw InputError(message: "\(option) \(directory): cannot write \(name): \(error.localizedDescription)")
    }
    return page.path
}
