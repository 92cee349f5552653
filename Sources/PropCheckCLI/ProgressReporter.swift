import Foundation
import PropCheckCampaign

/// Reports a campaign's progress on standard error: a progress bar that redraws in
/// place on a terminal; plain lines at every tenth of the way in CI (no TTY, or `CI`
/// set) and in logs. Uses no colour, so `NO_COLOR` is honoured by construction.
/// Wall-clock time here only paces the display; it never reaches a run.
final class ProgressReporter: CampaignProgress, @unchecked Sendable {
    private let lock = NSLock()
    private let label: String
    private let total: Int
    private let interactive: Bool
    private let started = ContinuousClock.now
    private var done = 0
    private var failures = 0
    private var lastDraw = ContinuousClock.now
    private var lastTenth = 0

    init(label: String, total: Int) {
        self.label = label
        self.total = max(total, 1)
        let environment = ProcessInfo.processInfo.environment
        interactive = isatty(STDERR_FILENO) == 1 && environment["CI"] == nil
    }

    func advance(failed: Bool) {
        lock.withLock {
            done += 1
            if failed { failures += 1 }
            let now = ContinuousClock.now
            if interactive {
                guard now - lastDraw > .milliseconds(100) else { return }
                lastDraw = now
                let width = 30, filled = width * min(done, total) / total
                let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
                write("\r\(label) [\(bar)] \(done)/\(total) runs, \(rate(now)) runs/s, \(failures) failures")
            } else {
                let tenth = 10 * done / total
                guard tenth > lastTenth else { return }
                lastTenth = tenth
                write("\(label): \(done)/\(total) runs, \(rate(now)) runs/s, \(failures) failures\n")
            }
        }
    }

    func finish() {
        lock.withLock { if interactive { write("\r" + String(repeating: " ", count: 100) + "\r") } }
    }

    private func rate(_ now: ContinuousClock.Instant) -> Int {
        Int(Double(done) / max((now - started).inSeconds, 1e-9))
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
