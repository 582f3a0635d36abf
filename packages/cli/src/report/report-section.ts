// A section of the report: a heading, facts, figures and HTML blocks — the shape a run's section has now and a study's will have.
import type { Figure } from './figure.js';

/** One run (or, later, one study) of the report; every string of `blocks` is HTML, already escaped. */
export interface ReportSection {
  /** Unique in the report, kebab-case; prefixes the ids of the section's figures. */
  readonly id: string;
  readonly title: string;
  /** Label → value, shown under the title. */
  readonly facts: ReadonlyArray<readonly [string, string]>;
  readonly figures: readonly Figure[];
  /** HTML shown after the figures: tables, the spec. */
  readonly blocks: readonly string[];
}
