// The figures a run has beyond the lifespan's own, each drawn only when the run's files hold what it needs.
import { attentionFigures } from './figures/attention-figure.js';
import { doseResponseFigures } from './figures/dose-response-figure.js';
import { headLesionFigure } from './figures/head-lesion-figure.js';
import type { RunFigureSource } from './run-section.js';

/** Dose-response within a run, BERT electrodes (attention heat maps) and head lesions (the metric against head importance). */
export const reportFigureSources: readonly RunFigureSource[] = [
  (run, tables) => doseResponseFigures(run.events, tables, ['head-lesion']),
  attentionFigures,
  (run, tables) => [headLesionFigure(run.events, tables)].filter((figure) => figure !== null),
];
