// The text (or JSON) of `ontogeny plugins`: one block per plugin, its options with types, defaults and descriptions.
import type { JsonSchema, RegisteredPlugin } from '@ontogeny/core';

interface OptionRow { name: string; type: string; default?: unknown; required: boolean; description: string }

function optionRows(schema: JsonSchema): OptionRow[] {
  const required = (schema.required ?? []) as string[];
  return Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(([name, option]) => ({
    name,
    type: Array.isArray(option.enum) ? option.enum.map((value) => JSON.stringify(value)).join('|') : String(option.type ?? 'any'),
    ...('default' in option ? { default: option.default } : {}),
    required: required.includes(name),
    description: String(option.description ?? ''),
  }));
}

/** What a kernel plugin adds to its listing: its priority for `auto`, and whether it runs here (or why not). */
function kernelFields(plugin: RegisteredPlugin): { priority?: number; available?: boolean; unavailable?: string } {
  if (plugin.definition.kind !== 'kernel') return {};
  const unavailable = plugin.definition.available();
  return { priority: plugin.definition.priority, available: unavailable === null, ...(unavailable === null ? {} : { unavailable }) };
}

export function formatPlugins(plugins: readonly RegisteredPlugin[], json: boolean): string {
  const records = plugins.map((plugin) => {
    const { definition, origin } = plugin;
    return {
      kind: definition.kind, name: definition.name, version: definition.version, origin,
      source: definition.source, description: definition.description, ...kernelFields(plugin),
      inject: definition.inject ?? [], dependencies: definition.dependencies ?? [], options: optionRows(definition.options),
    };
  });
  if (json) return `${JSON.stringify({ plugins: records }, null, 2)}\n`;
  const lines: string[] = [];
  let kind = '';
  for (const record of records) {
    if (record.kind !== kind) {
      kind = record.kind;
      lines.push('', `${kind}`.toUpperCase());
    }
    const availability = record.priority !== undefined ? `  [priority ${record.priority}${record.available ? '' : `; unavailable here: ${record.unavailable}`}]` : '';
    lines.push(`  ${record.name} ${record.version}  — ${record.description}${availability}`, `      source: ${record.source}${record.origin === '@ontogeny/plugins' ? '' : `  (from ${record.origin})`}`);
    const needs = [...record.inject.map((service) => `the run's ${service}`), ...record.dependencies];
    if (needs.length > 0) lines.push(`      receives: ${needs.join(', ')}`);
    for (const option of record.options) {
      const fallback = 'default' in option ? ` = ${JSON.stringify(option.default)}` : option.required ? ' (required)' : '';
      lines.push(`      ${option.name}: ${option.type}${fallback}  ${option.description}`);
    }
  }
  return `${lines.join('\n').trimStart()}\n`;
}
