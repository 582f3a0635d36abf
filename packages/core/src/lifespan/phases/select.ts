// `select`: of several earlier phases (one variant at several learning rates, say), continue from the best on a held-out split.
import { evaluate } from '../evaluate.js';
import { definePhase } from '../phase-kind.js';
import { unknownEarlierPhases } from './earlier-phases.js';


export const selectPhase = definePhase({
  kind: 'select',
  description: 'Model selection: evaluates the states several earlier phases ended with on a held-out split (the task\'s dev split by default) and continues from the best, so every variant\'s learning rate or length is chosen by the same procedure without looking at test.',
  needsTask: true,
  schema: () => ({
    properties: {
      among: {
        type: 'array', items: { type: 'string', minLength: 1 }, minItems: 2, uniqueItems: true,
        description: 'The earlier phases to choose from (e.g. one fine-tuning at each learning rate of a grid), all on this phase\'s task.',
      },
      by: { type: 'string', minLength: 1, default: 'accuracy', description: "The metric compared: 'accuracy', 'loss', or the task's own (f1, mcc…) (default accuracy)." },
      split: { type: 'string', minLength: 1, default: 'dev', description: "The split it is measured on: a further split the task evaluates (default 'dev'; the task must provide it), never test." },
      goal: { enum: ['max', 'min'], default: 'max', description: "'max' keeps the highest value, 'min' the lowest (for loss); ties go to the earlier phase of `among`." },
    },
    required: ['among'],
  }),
  crossCheck(spec, earlier, path) {
    const problems = unknownEarlierPhases(spec.among, earlier, `${path}/among`);
    if (spec.split === 'test') problems.push(`at ${path}/split: selection must not look at the test split — expected a held-out split such as "dev"`);
    return problems;
  },
  async run(context, spec) {
    const task = context.task!;
    const split = task.data.evaluationSplits?.[spec.split];
    if (!split) {
      const available = Object.keys(task.data.evaluationSplits ?? {});
      throw new Error(`select: task "${task.name}" has no "${spec.split}" split to choose on — it has ${available.map((s) => `"${s}"`).join(', ') || 'none'} (ask the task for one: "dev" for teacher and fashion-mnist, "measure": ["dev"] for the language tasks)`);
    }
    const extra: Record<string, number> = {};
    let best = -1;
    let bestValue = 0;
    for (const [index, name] of spec.among.entries()) {
      await context.yieldPoint();
      context.restore(name);
      const metrics = evaluate(context.model, task.name, task.data, split, context.evaluationBatch);
      const value = metrics[spec.by];
      if (value === undefined) throw new Error(`select: task "${task.name}" reports no metric "${spec.by}" — it reports ${Object.keys(metrics).join(', ')}`);
      // The event's step is the candidate's index in `among`
      context.emit({ type: 'evaluate', phase: context.phase, step: index, task: task.name, split: spec.split, metrics });
      extra[`${spec.split}:${spec.by}@${name}`] = value;
      const better = spec.goal === 'max' ? value > bestValue : value < bestValue;
      if (best < 0 || better) {
        best = index;
        bestValue = value;
      }
    }
    context.restore(spec.among[best]);
    extra.chosen = best;
    return { steps: 0, lastStep: spec.among.length - 1, diverged: false, extra };
  },
});
