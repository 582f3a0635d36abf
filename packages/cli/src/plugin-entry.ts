// Where a `--plugin` argument's module is: a file, a package folder (its `exports` or `main`), or an installed package.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { exports as packageExports, legacy as legacyEntry } from 'resolve.exports';
import { errors } from '@ontogeny/core';

interface PackageManifest {
  readonly name?: string;
  readonly main?: string;
  readonly exports?: unknown;
}

/** A path-like argument names a file or folder; anything else is a package name. */
function looksLikePath(source: string): boolean {
  return source.startsWith('.') || isAbsolute(source) || /\.[cm]?js$/.test(source);
}

/** The entry module of the package in `folder`, as Node would import it by the package's name. */
export function packageEntry(folder: string, source: string): string {
  const manifestFile = join(folder, 'package.json');
  if (!existsSync(manifestFile)) {
    const index = join(folder, 'index.js');
    if (existsSync(index)) return index;
    throw errors.PLUGIN_LOAD_FAILED(source, `${folder} is a folder with neither a package.json nor an index.js — give the module file, or add a package.json with "exports" or "main"`);
  }
  let manifest: PackageManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as PackageManifest;
  } catch (error) {
    throw errors.PLUGIN_LOAD_FAILED(source, `${manifestFile} is not valid JSON: ${(error as Error).message}`);
  }
  let entry: string | undefined;
  if (manifest.exports !== undefined) {
    try {
      entry = packageExports(manifest, '.', { conditions: ['node', 'import'] })?.[0];
    } catch {
      throw errors.PLUGIN_LOAD_FAILED(source, `the "exports" of ${manifestFile} have no "." entry for import — add one`);
    }
  } else {
    entry = legacyEntry(manifest, { browser: false }) ?? './index.js';
  }
  const file = resolve(folder, entry ?? './index.js');
  if (!existsSync(file)) throw errors.PLUGIN_LOAD_FAILED(source, `${manifestFile} names ${entry} as its entry, but ${file} does not exist`);
  return file;
}

/** The folders an installed package `name` may be in: node_modules above `cwd`, then above the CLI's own installation. */
function installedFolders(name: string, cwd: string): string[] {
  const fromCwd = createRequire(join(cwd, 'noop.js')).resolve.paths(name) ?? [];
  const fromCli = createRequire(import.meta.url).resolve.paths(name) ?? [];
  return [...new Set([...fromCwd, ...fromCli])].map((modules) => join(modules, name));
}

/**
 * The absolute path of the module that `source` (a `--plugin` argument) names: a file as given, a package
 * folder's entry, or the entry of a package installed under `cwd` or beside the CLI. A relative path resolves
 * against `cwd`. PLUGIN_LOAD_FAILED says what was looked for when nothing is there.
 */
export function pluginEntry(source: string, cwd: string): string {
  const path = resolve(cwd, source);
  if (looksLikePath(source) || existsSync(path)) {
    if (!existsSync(path)) throw errors.PLUGIN_LOAD_FAILED(source, `there is no file or folder ${path}`);
    return statSync(path).isDirectory() ? packageEntry(path, source) : path;
  }
  const folders = installedFolders(source, cwd);
  const folder = folders.find((candidate) => existsSync(join(candidate, 'package.json')));
  if (folder === undefined) {
    throw errors.PLUGIN_LOAD_FAILED(source, `no such package is installed in ${cwd} or beside ontogeny (looked in ${folders.slice(0, 3).join(', ')}, …) — install it, or give its path`);
  }
  return packageEntry(folder, source);
}
