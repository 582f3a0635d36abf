// The text (or JSON) of `ontogeny plugins`: one block per plugin, its options with types, defaults and descriptions.
import type { JsonSchema, KernelBackend, RegisteredPlugin } from '@ontogeny/core';

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

export function formatPlugins(plugins: readonly RegisteredPlugin[], kernels: readonly KernelBackend[], json: boolean): string {
  const records = plugins.map(({ definition, origin }) => ({
    kind: definition.kind, name: definition.name, version: definition.version, origin,
    source: definition.source, description: definition.description, options: optionRows(definition.options),
  }));
  const kernelRecords = kernels.map((backend) => {
    const loaded = backend.load();
    return { kind: 'kernel', name: backend.name, available: !('unavailable' in loaded), description: 'unavailable' in loaded ? loaded.unavailable : loaded.description };
  });
  if (json) return `${JSON.stringify({ plugins: records, kernels: kernelRecords }, null, 2)}\n`;
  const lines: string[] = [];
  let kind = '';
  for (const record of records) {
    if (record.kind !== kind) {
      kind = record.kind;
      lines.push('', `${kind}`.toUpperCase());
    }
    lines.push(`  ${record.name} ${record.version}  — ${record.description}`, `      source: ${record.source}${record.origin === '@ontogeny/plugins' ? '' : `  (from ${record.origin})`}`);
    for (const option of record.options) {
      const fallback = 'default' in option ? ` = ${JSON.stringify(option.default)}` : option.required ? ' (required)' : '';
      lines.push(`      ${option.name}: ${option.type}${fallback}  ${option.description}`);
    }
  }
  if (kernelRecords.length > 0) {
    lines.push('', 'KERNEL');
    for (const kernel of kernelRecords) lines.push(`  ${kernel.name}${kernel.available ? '' : ' (unavailable)'}  — ${kernel.description}`);
  }
  return `${lines.join('\n').trimStart()}\n`;
}
