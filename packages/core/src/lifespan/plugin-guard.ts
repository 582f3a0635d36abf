// A plugin as a phase uses it: whatever it throws is reported with the plugin's name and the phase, not as an internal error.
import { OntogenyError, PLUGIN_FAILED } from '../errors.js';

/**
 * `plugin` behind a proxy whose methods rethrow a plugin's own errors as PLUGIN_FAILED naming `label` (e.g.
 * `disorder "noise"`) and `phase`; Ontogeny's errors pass through as they are.
 */
export function guardPlugin<T extends object>(plugin: T, label: string, phase: string): T {
  return new Proxy(plugin, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (error) {
          if (error instanceof OntogenyError) throw error;
          throw Object.assign(PLUGIN_FAILED(label, phase, `${String(property)}() threw: ${error instanceof Error ? error.message : String(error)}`), { cause: error });
        }
      };
    },
  });
}
