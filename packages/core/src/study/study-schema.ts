// The study spec's JSON Schema (draft 2020-12): it embeds the lifespan schema, so an inline base is checked like a spec.
import type { JsonSchema } from '../plugin/define-plugin.js';
import type { SchemaFor } from '../spec/ajv.js';
import { SPEC_SCHEMA_ID } from '../spec/schema.js';
import type { StudySpec } from './study-spec.js';

export const STUDY_SCHEMA_ID = 'urn:ontogeny:study-spec:0.1';
const NAME = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';
const POINTER = '^(/([^~]|~[01])*)*$';

const seeds: JsonSchema = {
  type: ['integer', 'array'], minimum: 1, items: { type: 'integer', minimum: 0 }, minItems: 1, uniqueItems: true,
  description: 'A count n (seeds 0 … n−1) or the list of seeds; each point runs once per seed.',
};

const patch: JsonSchema = {
  type: 'object', propertyNames: { pattern: POINTER },
  description: 'JSON pointers into the base lifespan spec → the value to put there (the parent must exist).',
};

const metricRef: JsonSchema = {
  type: 'object', additionalProperties: false, required: ['phase', 'metric'],
  description: "A phase's final metric at one point of the study.",
  properties: {
    phase: { type: 'string', pattern: NAME, description: 'The phase, by name.' },
    metric: { type: 'string', minLength: 1, description: "The metric, as in the run's summary (accuracy, loss, …) or its extras." },
    at: { type: 'object', description: 'Axis name → value of the point; every axis with more than one value must be named.' },
  },
};

const bound = (description: string): JsonSchema => ({ type: 'number', description });

/** Required properties per claim kind; the properties themselves are declared once on the claim object. */
const CLAIM_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  ratio: ['of', 'to'],
  difference: ['of', 'minus'],
  order: ['items'],
  monotone: ['metric', 'axis', 'direction'],
  range: ['metric'],
};

const claim: JsonSchema = {
  type: 'object', additionalProperties: false, required: ['name', 'kind'],
  description: 'A statement over the aggregated results, judged by the ends of its 95 % interval over seeds.',
  properties: {
    name: { type: 'string', minLength: 1, description: 'What the claim is called in the report.' },
    description: { type: 'string', description: 'What it means, for people.' },
    kind: { enum: Object.keys(CLAIM_REQUIRED), description: 'ratio, difference, order, monotone or range.' },
    of: { $ref: '#/$defs/metric', description: 'ratio / difference: the numerator or the minuend.' },
    to: { $ref: '#/$defs/metric', description: 'ratio: the denominator.' },
    minus: { $ref: '#/$defs/metric', description: 'difference: the subtrahend.' },
    above: bound('ratio / difference: holds only if the interval\'s lower end is above this.'),
    below: bound('ratio / difference: holds only if the interval\'s upper end is below this.'),
    items: { type: 'array', minItems: 2, items: { $ref: '#/$defs/metric' }, description: 'order: metrics from largest to smallest.' },
    margin: { type: 'number', minimum: 0, default: 0, description: 'order: each paired difference\'s lower end must exceed this.' },
    metric: { $ref: '#/$defs/metric', description: 'monotone / range: the metric (monotone: without the dose axis in `at`).' },
    axis: { type: 'string', minLength: 1, description: 'monotone: the axis of the dose (numeric values).' },
    direction: { enum: ['increasing', 'decreasing'], description: 'monotone: how the metric moves as the dose grows.' },
    tolerance: { type: 'number', minimum: 0, default: 0, description: 'monotone: a step may go the wrong way by at most this (judged by its interval\'s end).' },
    strict: { type: 'boolean', default: false, description: 'monotone: every step must go the right way (lower end above 0).' },
    minDose: { type: 'number', description: 'monotone: the smallest dose the claim covers (default: all).' },
    maxDose: { type: 'number', description: 'monotone: the largest dose the claim covers (default: all).' },
    min: bound('range: the interval\'s lower end must be at least this.'),
    max: bound('range: the interval\'s upper end must be at most this.'),
  },
  allOf: Object.entries(CLAIM_REQUIRED).map(([kind, required]) => ({
    if: { properties: { kind: { const: kind } }, required: ['kind'] },
    // ajv's strict mode wants each required property declared beside `required`; the claim object describes it
    then: { required, properties: Object.fromEntries(required.map((property) => [property, true])) },
  })),
};

const axis: JsonSchema = {
  type: ['array', 'object'], minItems: 1, additionalProperties: false,
  description: 'A list of values for the JSON pointer that names the axis, or { path, values } and/or { levels } (named variants), or { path, range } for random samples.',
  properties: {
    path: { type: 'string', pattern: POINTER, description: 'JSON pointer into the base spec that the values replace.' },
    values: { type: 'array', minItems: 1, description: 'The values put at `path`, one point each.' },
    levels: { type: 'object', minProperties: 1, additionalProperties: { $ref: '#/$defs/patch' }, description: 'Named variants: level name → patch of the base spec.' },
    range: {
      type: 'object', additionalProperties: false, required: ['min', 'max'],
      description: 'A range that a random sample (`vary.sample`) draws from.',
      properties: {
        min: { type: 'number', description: 'Smallest value.' },
        max: { type: 'number', description: 'Largest value.' },
        scale: { enum: ['linear', 'log'], default: 'linear', description: 'Draw uniformly, or uniformly in the logarithm.' },
        integer: { type: 'boolean', default: false, description: 'Round each draw to an integer.' },
      },
    },
  },
};

const vary: JsonSchema = {
  type: 'object', additionalProperties: false, required: ['axes'],
  description: 'What varies between points: a grid over the axes, or a seeded random sample of it.',
  properties: {
    axes: { type: 'object', minProperties: 1, additionalProperties: { $ref: '#/$defs/axis' }, description: 'Axis name → its values.' },
    sample: {
      type: 'object', additionalProperties: false, required: ['count'],
      description: 'Draw `count` points at random (each axis independently) instead of the whole grid.',
      properties: {
        count: { type: 'integer', minimum: 1, description: 'Points to draw.' },
        seed: { type: 'integer', minimum: 0, default: 0, description: 'Seed of the draw.' },
      },
    },
  },
};

/** The schema of a study spec, embedding `lifespan` (the composed lifespan schema) for an inline `base`. */
export function buildStudySchema(lifespan: JsonSchema): SchemaFor<StudySpec> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: STUDY_SCHEMA_ID,
    title: 'Ontogeny study spec',
    type: 'object',
    additionalProperties: false,
    required: ['name', 'base'],
    properties: {
      $schema: { type: 'string', description: 'The schema this file follows (for editors).' },
      name: { type: 'string', pattern: NAME, description: 'The study name; its folder is <name> (or <name>-<profile>).' },
      description: { type: 'string', description: 'What the study shows, for people.' },
      base: {
        type: ['string', 'object'], minLength: 1,
        if: { type: 'object' }, then: { $ref: SPEC_SCHEMA_ID },
        description: 'The lifespan spec every run starts from: inline, or a path relative to the study file.',
      },
      seeds: { ...seeds, default: 1 },
      vary: { $ref: '#/$defs/vary' },
      differences: {
        type: 'array', description: 'Paired differences between two phases of the same run (e.g. mask − dense), for every metric they share.',
        items: {
          type: 'object', additionalProperties: false, required: ['of', 'minus'],
          properties: {
            of: { type: 'string', pattern: NAME, description: 'The phase the other is subtracted from.' },
            minus: { type: 'string', pattern: NAME, description: 'The phase subtracted.' },
          },
        },
      },
      claims: { type: 'array', items: { $ref: '#/$defs/claim' }, description: 'Statements checked when the study ends; `ontogeny study` exits 3 when one fails.' },
      profiles: {
        type: 'object', propertyNames: { pattern: NAME },
        description: 'Named variants of the whole study (`--profile ci`): other seeds, axes, claims, or patches to the base.',
        additionalProperties: {
          type: 'object', additionalProperties: false,
          properties: {
            description: { type: 'string', description: 'What the profile is for.' },
            seeds,
            vary: { $ref: '#/$defs/vary' },
            set: { $ref: '#/$defs/patch' },
            claims: { type: 'array', items: { $ref: '#/$defs/claim' }, description: "Replace the study's claims." },
          },
        },
      },
    },
    $defs: { lifespan, vary, axis, patch, metric: metricRef, claim },
  };
}
