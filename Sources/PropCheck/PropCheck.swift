// The umbrella module: `import PropCheck` gives what a user writes a protocol, its
// checkers, its targets and its tests against. The command line (`PropCheckCLI`) and
// the linearizability checker (`Linearizability`) are products of their own.
@_exported import PropCheckCampaign
@_exported import PropCheckCorpus
@_exported import PropCheckEngine
@_exported import PropCheckSimulator
@_exported import PropCheckTesting
