// The examples each command's --help shows, kept in one place so every command shows them alike.

/** [command line, what it does] pairs, by command name. */
export const COMMAND_EXAMPLES: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  run: [
    ['$0 run experiments/quickstart.json', 'Run a lifespan into runs/<name>-<hash>/'],
    ['$0 run spec.json --seed 3 --kernel reference --out /tmp/runs', 'Another seed, the reference kernel, another folder'],
    ['$0 run spec.json --json | jq -c \'select(.type == "prune")\'', 'Every event as one JSON line, for another program'],
    ['$0 run spec.json --plugin ./my-plugins', 'With the plugins of a package folder'],
  ],
  resume: [['$0 resume runs/fashion-transfer-4567d224e7', 'Continue a killed run from its latest checkpoint']],
  plan: [
    ['$0 plan experiments/fashion-transfer.json', 'Phases, steps, pruning events, parameters and a time estimate, without running'],
    ['$0 plan spec.json --json', 'The same as JSON'],
  ],
  validate: [
    ['$0 validate spec.json', 'Exit 0 if the spec is valid, 2 with each problem\'s JSON path if not'],
    ['$0 validate spec.json --json', 'The verdict and the problems as JSON'],
  ],
  schema: [['$0 schema > lifespan.schema.json', 'The schema for editors: point a spec\'s "$schema" at it']],
  plugins: [
    ['$0 plugins --kind schedule', 'Every pruning schedule with its options and defaults'],
    ['$0 plugins --plugin my-ontogeny-plugins --json', 'Include an installed package\'s plugins, as JSON'],
  ],
  export: [['$0 export runs/quickstart-c6e422a43a --phase aging --onnx aging.onnx --quantized', 'The aged network as ONNX with integer weights']],
  inspect: [['$0 inspect runs/quickstart-c6e422a43a', 'Bytes: the shared weights at their bit width and one mask per task']],
  report: [['$0 report runs/quickstart-c6e422a43a --out report.html --png figures/', 'One HTML page of figures, and each as a PNG']],
  serve: [['$0 serve runs/ --port 0', 'A live view of every run in runs/, on any free port']],
};
