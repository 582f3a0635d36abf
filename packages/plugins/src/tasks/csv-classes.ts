// Which classes of a CSV task are kept and what the model calls them: a subset, relabelled 0…k−1, with names.
import { errors } from '@ontogeny/core';
import type { LabelClasses } from './label-classes.js';

/** The classes a task keeps: `id` maps a class id of the file to the task's (−1: not kept). */
export interface ClassSelection {
  /** The size of the task's head. */
  readonly classes: number;
  /** The name of each of the task's class ids (`classes` entries). */
  readonly names: readonly string[];
  id(fileClass: number): number;
}

/**
 * Keeps `chosen` (labels as written in the file, or names from `classNames`; all when absent) in its order.
 * With `relabel` they become 0…k−1 in that order; without it they keep the file's ids (a head over every class).
 * Integer labels are named by `classNames` when given.
 */
export function selectClasses(file: LabelClasses, chosen: readonly (string | number)[] | undefined, relabel: boolean,
  classNames: readonly string[] | undefined, path: string): ClassSelection {
  if (classNames !== undefined && classNames.length < file.classes) {
    throw errors.DATA_CORRUPT(path, `expected a class name for each of the ${file.classes} classes in the label column, found ${classNames.length} in "classNames"`);
  }
  const fileNames = file.names.map((name, id) => classNames?.[id] ?? name);
  const idOf = (wanted: string | number): number => {
    const text = String(wanted);
    const byLabel = file.names.indexOf(text);
    const id = byLabel >= 0 ? byLabel : fileNames.indexOf(text);
    if (id < 0) {
      throw errors.DATA_CORRUPT(path, `expected each of "classes" to be a label of the file, found ${JSON.stringify(wanted)} — ` +
        `the labels are ${file.names.map((name, i) => (fileNames[i] === name ? name : `${name} (${fileNames[i]})`)).join(', ')}`);
    }
    return id;
  };
  const kept = chosen === undefined ? file.names.map((_, id) => id) : chosen.map(idOf);
  const ids = new Int32Array(file.classes).fill(-1);
  kept.forEach((fileId, position) => { ids[fileId] = relabel ? position : fileId; });
  const classes = relabel ? kept.length : file.classes;
  const names = relabel ? kept.map((fileId) => fileNames[fileId]!) : fileNames;
  return { classes, names, id: (fileClass) => ids[fileClass]! };
}
