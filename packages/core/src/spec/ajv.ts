// The one configured ajv (JSON Schema draft 2020-12) that validates specs and plugin options.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { JsonSchema } from '../plugin/define-plugin.js';

const addFormats = addFormatsModule as unknown as { default: (ajv: Ajv2020) => Ajv2020 };

/** A fresh validator: all errors, defaults filled in, parent schemas kept so messages can list what is allowed. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, useDefaults: true, verbose: true, strict: true, allowUnionTypes: true });
  addFormats.default(ajv);
  return ajv;
}

declare const accepts: unique symbol;

/**
 * A JSON Schema with the type of the values it accepts once validated and defaulted, stated where the schema is
 * built (`buildSpecSchema`, `buildStudySchema`); `assertMatches` narrows a value that passes it to that type.
 */
export type SchemaFor<T> = JsonSchema & { readonly [accepts]?: T };
