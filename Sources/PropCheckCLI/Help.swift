extension PropCheckTool {
    /// `propcheck --help`.
    var usage: String {
        let protocols = (registry.protocols + ["all"]).joined(separator: "|")
        let traces = registry.traceNames.joined(separator: "|")
        return """
        Usage: \(name) [--iterations N] [--seed S] [--protocol \(protocols)] [--variant NAME]
                         [--faults LIST] [--jobs N] [--shard K/N | --shard-env NAME/N] [--corpus DIR] [--format text|json]
                         [--trace \(traces)] [--isolate] [--property NAME] [--nodes N]
                         [--html DIR] [--width N] [--guided] [--no-conformance]
               \(name) list
               \(name) replay FILE... [--trace \(traces)] [--width N] [--nodes n1,n3] [--check-determinism] [--as-test]
               \(name) report FILE... [--output DIR] [--unfolded] [--cause-only]
               \(name) corpus merge DIR... --into DIR
               \(name) zoo [--iterations N] [--seed S] [--jobs N] [--format text|json]
               \(name) bench [--quick] [--seeds N] [--cases N] [--challenge NAME] [--protocol P] [--format text|json]
               \(name) bench --zoo [--quick] [--seeds N] [--iterations N] [--variant NAME]... [--format text|json]

        With no subcommand, runs a fuzzing campaign: N generated runs (default 1000) per
        protocol variant from seed S (hex, default 5eed), each with swarm-chosen faults
        (LIST: comma-separated kinds, see 'list'), checked by the variant's properties.
        Without --variant, only the correct variants run. The first failure of each is
        shrunk, printed with its trace, and saved to the corpus (default ./corpus).
        --jobs N runs cases on N cores (default: all); --shard K/N runs the K-th of N
        disjoint slices of the cases, and --shard-env NAME/N the slice whose 0-based
        index a batch runner puts in the environment variable NAME (a Kubernetes
        Indexed Job's JOB_COMPLETION_INDEX). Results do not depend on either: case i is
        seeded by (S, i) alone, and the failure reported is the lowest-numbered one.
        --property NAME checks that property alone (and the step budget); --nodes N
        sets the cluster size. --isolate runs each case in a child process, so a case that traps or hangs
        (20 s wall clock) is recorded and shrunk like any failure; variants that can
        trap (see 'list') always run isolated. --html DIR writes an HTML report of each
        failure found (as 'report' does). --trace timeline draws the whole run in
        --width N columns (default 100). --guided derives most cases from earlier ones
        that reached new states of the protocol's model (variants with a model; see
        'list'); the summary counts the model states every campaign covered.
        --no-conformance checks the invariants alone, without the model's conformance.

        list      protocols, variants (with the known-broken ones), properties, fault kinds
        replay    re-run corpus files; print the counterexample and its trace
                  (--check-determinism: replay twice, report the first event that differs;
                  --as-test: print a Swift Testing test that replays it, to paste into a suite)
        report    write an HTML page per corpus file: header, schedule, space-time diagram,
                  timeline and node states (default --output ./reports)
        corpus    'corpus merge DIR... --into DIR': gather many shards' corpus directories
                  into one, replaying each entry
        zoo       run every variant (default faults); exit 0 only if every broken one is
                  caught and every correct one passes
        bench     benchmark the engine and the simulator (build with -c release)

        Exit status: 0 nothing failed, 1 a property failed, 2 bad usage or input file,
        3 internal error.
        """
    }

    /// `propcheck SUBCOMMAND --help`.
    var subcommandUsage: [String: String] {
        let traces = registry.traceNames.joined(separator: "|")
        return [
        "list": """
            Usage: \(name) list
            Lists the protocols and their variants (the known-broken ones marked, with what
            is wrong with them), the properties each checks, and the fault kinds.
            """,
        "replay": """
            Usage: \(name) replay FILE... [--trace \(traces)] [--width N] [--nodes n1,n3] [--check-determinism] [--as-test]
            Re-runs corpus files and prints each counterexample and its trace. Exit 1 if any
            still fails, 0 if all pass now, 2 for a missing, broken or foreign file.
            A file whose choices no longer draw the schedule it recorded (the code that reads
            them changed) says where it diverged and replays its recorded schedule instead;
            one that holds no schedule to replay counts as failing.
              --trace              how to print the trace (default log; a liveness failure, whose
                                   run ends in rounds of nothing, is summed up unless one is named)
              --width N            with --trace timeline: fit N columns (default 100; cells wrap)
              --nodes n1,n3        with --trace timeline: those nodes' columns and events only
              --check-determinism  run each twice and report the first event that differs
              --as-test            print each as a Swift Testing test to paste into a suite
            """,
        "zoo": """
            Usage: \(name) zoo [--iterations N] [--seed S] [--jobs N] [--format text|json]
            Runs every variant with its default faults and prints, per variant, whether it
            was caught, by which property, after how many runs, and the shrunk size. Exit 0
            only if every broken variant is caught and every correct one passes. Variants
            that can trap run isolated.
            """,
        "bench": """
            Usage: \(name) bench [--quick] [--seeds N] [--cases N] [--challenge NAME] [--protocol P] [--format text|json]
            Benchmarks the engine (cases/s; shrinking of the classic problems: canonical
            minimum reached, median calls and time), the simulator (events handled/s and
            schedules/s on PingPong, 5 nodes, one core, beside a minimal event loop doing the
            same work, whose ratio is the framework's overhead; and on 5-server Raft), campaigns of
            the correct PingPong, gms4 and Raft on one core and on every core (10,000 runs;
            1,000 with --quick; --protocol limits them to one protocol), and the peak
            memory of default campaigns of 1,000, 10,000 and 100,000 runs (1,000 with
            --quick), each in its own process. Build with -c release.

            Usage: \(name) bench --zoo [--quick] [--seeds N] [--iterations N] [--jobs N] [--variant NAME]...
            The fuzzer's power: for every broken variant (or those named), campaigns from
            seeds 1...N (default 20, 3 with --quick) of at most --iterations runs (default
            10,000): how many caught it and with which property, runs to the first failure
            (median, max), shrink calls and time (median), and the shrunk counterexample's
            schedule steps (median, smallest) next to the smallest known for the bug and the
            lower bound argued for it ("known": 4 ≥1), and delivered and dropped messages
            (median).
            """,
        "corpus": """
            Usage: \(name) corpus merge DIR... --into DIR
            Gathers the corpus directories of many shards or machines into one. Every entry
            is read and replayed first; every entry of a known target is kept, whatever its
            replay shows (a failure found is never dropped). Exit 2 if a file cannot be read
            or names an unknown target (the others are still merged), 1 if an entry's replay
            no longer shows the violation it recorded (stale, or nondeterministic: check it),
            0 otherwise.
            """,
        "report": """
            Usage: \(name) report FILE... [--output DIR] [--unfolded] [--cause-only]
            Writes one self-contained HTML page per corpus file into DIR (default ./reports),
            named after the file: the violation, swarm options, shrink statistics and replay
            command; the schedule; the client operations (for a protocol that reports them);
            a space-time diagram of the replayed run (messages, losses, crashes, pauses,
            partitions, failure notices, the timers that led to a report, role changes,
            client operations in lanes of their own, the violating event and what led to
            it); the per-node timeline; and every node's state at the end. Repeated
            uneventful rounds are folded under one line that expands in place; a switch on
            the page hides what is not in the violation's causal past. Exit 2 for a
            missing, broken or foreign file (no page is written then).
              --unfolded    draw every round, nothing folded
              --cause-only  draw only the violation's causal past (and the violation)
            """,
    ]
    }
}
