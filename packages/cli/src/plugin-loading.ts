// Builds the plugin registry: the built-ins, then each third-party package or path given with --plugin.
import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { errors, nativeBackend, nativeBackendWith, OntogenyError, PluginRegistry, referenceBackend, type KernelBackend } from '@ontogeny/core';
import { builtinPlugins } from '@ontogeny/plugins';

/** The kernel backends a run may choose from, fastest first. */
export const kernelBackends: readonly KernelBackend[] = [nativeBackend, referenceBackend];

/**
 * The same for one run among several running side by side (a study's pool, a queue worker's processes): the
 * native kernel on one thread, so N runs share N cores rather than each spreading over all of them.
 */
export const oneThreadKernelBackends: readonly KernelBackend[] = [nativeBackendWith({ threads: 1 }), referenceBackend];

/**
 * A registry with the built-in plugins and those of each `sources` entry: a path to a module, or a package
 * name resolved from the current folder. A module exports its plugins as `plugins` (an array of
 * `definePlugin` results) or as its default export (an array, one plugin, or a function given the registry).
 */
export async function loadRegistry(sources: readonly string[] = [], cwd = process.cwd()): Promise<PluginRegistry> {
  const registry = new PluginRegistry().register('@ontogeny/plugins', ...builtinPlugins);
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

async function importPluginModule(source: string, cwd: string): Promise<Record<string, unknown>> {
  const looksLikePath = source.startsWith('.') || isAbsolute(source) || source.endsWith('.js') || source.endsWith('.mjs');
  let url: string;
  try {
    url = looksLikePath
      ? pathToFileURL(resolve(cwd, source)).href
      : pathToFileURL(createRequire(resolve(cwd, 'package.json')).resolve(source)).href;
  } catch {
    throw errors.PLUGIN_LOAD_FAILED(source, `no such package is installed where you run ontogeny (${cwd}) — install it, or give a path`);
  }
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ERR_MODULE_NOT_FOUND' ? 'the file was not found' : `loading it threw: ${(error as Error).message}`;
    throw errors.PLUGIN_LOAD_FAILED(source, reason);
  }
}
