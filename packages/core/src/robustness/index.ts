// @ontogeny/core/robustness: robustness claims as fast-check properties (needs fast-check, a peer dependency).

export { lifespanProperty } from './lifespan-property.js';
export type { LifespanPropertyOptions } from './lifespan-property.js';
