// `ontogeny run --evaluate-events`: asks every prune phase for a test evaluation after each pruning event (its accuracy-against-sparsity curve).

/**
 * `spec` with `"evaluateEvents": true` on every phase of kind `prune` that does not set it (an explicit false
 * stays). The spec, and so the run's hash, change as if the file said so. Anything not shaped like a spec is
 * returned as it is, for validation to report.
 */
export function withEvaluateEvents(spec: unknown): unknown {
  if (typeof spec !== 'object' || spec === null || !Array.isArray((spec as { phases?: unknown }).phases)) return spec;
  const phases = (spec as { phases: unknown[] }).phases.map((phase) => (
    typeof phase === 'object' && phase !== null && (phase as { kind?: unknown }).kind === 'prune' && !('evaluateEvents' in phase)
      ? { ...phase, evaluateEvents: true }
      : phase));
  return { ...spec, phases };
}
