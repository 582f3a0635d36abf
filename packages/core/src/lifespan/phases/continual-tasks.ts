// The tasks a continual phase learns in order: the spec's tasks by name, a stream expanded into its members.
import type { TaskData } from '../../plugin/contracts/task.js';

/** One task of the sequence: its name in the run (its head's, its mask's) and its data, made when asked for. */
export interface SequenceTask {
  readonly name: string;
  data(): TaskData;
}

/** The run's name of member `index` of the stream task `task`. */
export function memberName(task: string, index: number): string {
  return `${task}/${index}`;
}

/** The tasks named, in order; a task with a `sequence` stands for all its members. */
export function sequenceTasks(tasks: ReadonlyMap<string, TaskData>, names: readonly string[]): SequenceTask[] {
  return names.flatMap((name) => {
    const data = tasks.get(name);
    if (!data) throw new Error(`no task named "${name}" — tasks: ${[...tasks.keys()].join(', ')}`);
    const sequence = data.sequence;
    if (!sequence) return [{ name, data: () => data }];
    return Array.from({ length: sequence.length }, (_, index) => ({ name: memberName(name, index), data: () => sequence.task(index) }));
  });
}

/** The data of a spec task or of a stream's member (`<task>/<index>`); undefined when the name is neither. */
export function findTask(tasks: ReadonlyMap<string, TaskData>, name: string): TaskData | undefined {
  const direct = tasks.get(name);
  if (direct) return direct;
  const match = /^(.*)\/(\d+)$/.exec(name);
  const sequence = match ? tasks.get(match[1]!)?.sequence : undefined;
  const index = match ? Number(match[2]) : -1;
  return sequence && index < sequence.length ? sequence.task(index) : undefined;
}

/** Cross-check lines for a phase's `tasks` option: every name must be one of the spec's tasks. */
export function checkTaskNames(names: readonly string[], known: readonly string[], path: string): string[] {
  return names.flatMap((name, index) => known.includes(name) ? [] : [
    `at ${path}/tasks/${index}: no task is named "${name}" — expected one of ${known.join(', ') || '(none)'}`,
  ]);
}
