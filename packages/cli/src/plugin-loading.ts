// Builds the plugin registry: the built-ins, then each third-party package or path given with --plugin.
import { register } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { errors, OntogenyError, type PluginRegistry } from '@ontogeny/core';
import { builtinRegistry } from '@ontogeny/plugins';
import type { OntogenyImportsData } from './ontogeny-imports-hooks.js';
import { pluginEntry } from './plugin-entry.js';

/**
 * The thread cap of a kernel in one run among several running side by side (a study's pool, a queue worker's
 * processes): one, so N runs share N cores rather than each spreading over all of them.
 */
export const SHARED_MACHINE_KERNEL_THREADS = 1;

/**
 * A registry with the built-in plugins and those of each `sources` entry: a module file, a package folder, or
 * the name of a package installed under `cwd` or beside the CLI (see pluginEntry). A module exports its plugins as `plugins` (an array of
 * `definePlugin` results) or as its default export (an array, one plugin, or a function given the registry).
 */
export async function loadRegistry(sources: readonly string[] = [], cwd = process.cwd()): Promise<PluginRegistry> {
  const registry = builtinRegistry();
  for (const source of sources) {
    const module = await importPluginModule(source, cwd);
    const exported = (module.plugins ?? module.default) as unknown;
    try {
      if (typeof exported === 'function') await (exported as (registry: PluginRegistry) => unknown)(registry);
      else if (Array.isArray(exported)) registry.register(source, ...exported);
      else if (exported !== undefined) registry.register(source, exported);
      else throw errors.PLUGIN_LOAD_FAILED(source, 'it exports neither `plugins` nor a default export');
    } catch (error) {
      if (error instanceof OntogenyError) throw error;
      throw errors.PLUGIN_LOAD_FAILED(source, `registering its plugins threw: ${(error as Error).message}`);
    }
  }
  return registry;
}

let importsShared = false;

/** From now on, a plugin module that cannot resolve @ontogeny/core or @ontogeny/plugins itself gets the CLI's. */
function shareOntogenyPackages(): void {
  if (importsShared) return;
  importsShared = true;
  const data: OntogenyImportsData = { cliUrl: import.meta.url };
  // The hooks run in their own thread, which may not map .js to .ts: name the file this module is (src or dist).
  register(new URL(`./ontogeny-imports-hooks${extname(import.meta.url)}`, import.meta.url), { data });
}

/** Whether a module at `entry` finds an installed @ontogeny/core by Node's own lookup (node_modules up its folders). */
function findsOntogenyItself(entry: string): boolean {
  for (let folder = dirname(entry); ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'node_modules', '@ontogeny', 'core'))) return true;
    if (dirname(folder) === folder) return false;
  }
}

async function importPluginModule(source: string, cwd: string): Promise<Record<string, unknown>> {
  const entry = pluginEntry(source, cwd);
  const url = pathToFileURL(entry).href;
  // Hooks only where needed: they load in a thread of their own, which a study's worker thread may not equip for .ts.
  if (!findsOntogenyItself(entry)) shareOntogenyPackages();
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ERR_MODULE_NOT_FOUND'
      ? `${(error as Error).message} — install what it imports beside it`
      : `loading it threw: ${(error as Error).message}`;
    throw errors.PLUGIN_LOAD_FAILED(source, reason);
  }
}
