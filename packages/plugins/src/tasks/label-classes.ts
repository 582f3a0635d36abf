// Maps label cells to class ids: non-negative integers stand for themselves, anything else is numbered in sorted order.
import { errors } from '@ontogeny/core';

/** More classes than this means the label column is likely not a class column (a measurement, an id). */
export const MAX_CLASSES = 1000;

/** The class of each label cell, and the names of the classes by id. */
export interface LabelClasses {
  readonly classes: number;
  readonly names: readonly string[];
  id(label: string): number;
}

/**
 * The classes of all `labels` (train and test together, so both splits agree). When every label is a
 * non-negative integer, the integer is the class id (and there are max+1 classes); otherwise the distinct
 * labels, sorted by code unit (locale-independent, so ids are the same everywhere), are numbered 0…k−1.
 *
 * @example
 * labelClasses(['setosa', 'virginica', 'setosa'], 'iris.csv').id('virginica'); // 1
 */
export function labelClasses(labels: readonly string[], file: string): LabelClasses {
  const distinct = [...new Set(labels)];
  if (distinct.length < 2) {
    throw errors.DATA_CORRUPT(file, `expected at least 2 classes in the label column, found only ${JSON.stringify(distinct[0] ?? '')} — a classifier cannot learn from one class; is it the right column?`);
  }
  const fractional = distinct.find((label) => /^[-+]?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][-+]?\d+)$/.test(label.trim()) && !Number.isInteger(Number(label)));
  if (fractional !== undefined) {
    throw errors.DATA_CORRUPT(file, `expected class labels in the label column, found the fractional number ${fractional} — a measurement is not a class; name a column of classes`);
  }
  if (distinct.every((label) => /^\d+$/.test(label))) {
    const classes = Math.max(...distinct.map(Number)) + 1;
    if (classes > MAX_CLASSES) {
      throw errors.DATA_CORRUPT(file, `expected class labels below ${MAX_CLASSES} in the label column, found ${classes - 1}`);
    }
    return { classes, names: Array.from({ length: classes }, (_, c) => String(c)), id: Number };
  }
  if (distinct.length > MAX_CLASSES) {
    throw errors.DATA_CORRUPT(file, `expected at most ${MAX_CLASSES} distinct labels in the label column, found ${distinct.length} — is it the right column?`);
  }
  const names = distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const ids = new Map(names.map((name, id) => [name, id]));
  return { classes: names.length, names, id: (label) => ids.get(label)! };
}
