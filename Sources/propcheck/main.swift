import BuiltinTargets
import PropCheckCLI
import PropCheckCorpus

// The shipped propcheck: the generic tool over the built-in targets, plus the
// simulator benchmark, which measures built-in protocols.
let simulatorBenchmark = ToolBenchmark(name: "simulator") { quick in
    let report = try SimulatorBenchmark(ticks: quick ? 20_000 : 100_000, schedules: quick ? 200 : 1000).run()
    return (SimulatorBenchmark.render(report), try JSONValue(encoding: report))
}

await PropCheckTool(name: "propcheck", registry: BuiltinTargets.registry, benchmarks: [simulatorBenchmark, linearizabilityBenchmark],
                    listingNotes: BuiltinTargets.scenarios).main()
