// `ontogeny export <run-dir> --onnx out.onnx`: writes the model at a phase as ONNX and cross-checks it in ONNX Runtime.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options.js';

interface ExportArguments extends GlobalOptions {
  runDir: string;
  onnx: string;
  phase?: string;
  task?: string;
  quantized: boolean;
  examples: number;
  data?: string;
}

export const exportCommand: CommandModule<GlobalOptions, ExportArguments> = {
  command: 'export <run-dir>',
  describe: 'Export the model at a phase to ONNX (masks applied), then cross-check it in ONNX Runtime',
  builder: (yargs) => yargs
    .positional('run-dir', { type: 'string', demandOption: true, describe: 'A run directory written by `ontogeny run`' })
    .option('onnx', { type: 'string', demandOption: true, describe: 'Path of the .onnx file to write' })
    .option('phase', { type: 'string', describe: 'The phase whose end state to export (default: the last with a checkpoint)' })
    .option('task', { type: 'string', describe: "The task whose head (and, after a continual phase, whose mask) the export uses, e.g. permuted/3 (default: the phase's task)" })
    .option('quantized', { type: 'boolean', default: false, describe: 'Write quantized weights as integer codes with DequantizeLinear' })
    .option('examples', { type: 'number', default: 256, describe: 'Test examples for the ONNX Runtime cross-check (integer; default 256)' })
    .option('data', { type: 'string', describe: "Folder where tasks look for their data files (default: each task's own)" }) as unknown as Argv<ExportArguments>,
  handler: async (args: ArgumentsCamelCase<ExportArguments>) => {
    const [core, onnx, { loadRegistry }, { reportFailure, EXIT_OK }, { resolve }] = await Promise.all([
      import('@ontogeny/core'), import('@ontogeny/core/onnx'), import('../plugin-loading.js'), import('../exit-codes.js'), import('node:path'),
    ]);
    const { errors, openRun, writeFileAtomic, Tensor } = core;
    try {
      const registry = await loadRegistry(args.plugin);
      const run = await openRun(args.runDir, { registry, phase: args.phase, dataDir: args.data ? resolve(args.data) : null });
      const { model, tasks } = run.prepared;
      const task = args.task ?? run.task;
      const data = task === null ? undefined : core.findTask(tasks, task);
      if (task === null || !data) {
        const learned = model.headNames().filter((head) => !tasks.has(head));
        throw errors.ONNX_UNSUPPORTED(args.runDir, `phase "${run.phase}"`, `no task${task ? ` named "${task}"` : ''} to export a head for — name one with --task (${[...tasks.keys(), ...learned].join(', ')})`);
      }
      // A continual phase keeps a mask per task: the exported network is the task's own
      for (const layer of model.maskedParameters()) if (layer.taskMasks.has(task)) layer.useTaskMask(task);
      if (args.quantized && !model.maskedParameters().some((w) => w.quantization !== null)) {
        throw errors.ONNX_UNSUPPORTED(args.runDir, `phase "${run.phase}"`, 'its weights are not quantized — apply the quantize disorder in the lifespan, or export without --quantized');
      }
      const exported = onnx.exportOnnx(model, { task, input: data.input, quantized: args.quantized, specHash: run.hash, phase: run.phase });
      const examples = Math.max(1, Math.min(Math.floor(args.examples), data.test.count));
      const width = core.inputWidth(data.input);
      const batch = new Tensor(data.test.inputs.slice(0, examples * width), examples, width);
      const check = await onnx.crossCheckOnnx(exported.bytes, model, task, { inputName: exported.inputName, inputElement: exported.inputElement, batch });
      writeFileAtomic(args.onnx, exported.bytes);
      for (const layer of exported.layers) {
        process.stdout.write(`  ${layer.name.padEnd(28)} sparsity ${(layer.sparsity * 100).toFixed(2).padStart(6)} %   ${layer.bits === 32 ? 'float32' : `${layer.bits}-bit as ${layer.element}`}\n`);
      }
      process.stdout.write(`cross-check in ONNX Runtime on ${check.examples} test examples of "${task}": largest difference ${check.maxAbsolute.toExponential(2)} (relative ${check.maxRelative.toExponential(2)}, tolerance ${onnx.CROSS_CHECK_TOLERANCE.toExponential(0)})\n`);
      if (!check.passed) throw errors.ONNX_MISMATCH(args.onnx, check.maxRelative, onnx.CROSS_CHECK_TOLERANCE);
      process.stdout.write(`wrote ${args.onnx} (${exported.bytes.length} bytes; phase ${run.phase}, spec ${run.hash})\n`);
      process.exitCode = EXIT_OK;
    } catch (error) {
      process.exitCode = reportFailure(error, args.debug);
    }
  },
};
