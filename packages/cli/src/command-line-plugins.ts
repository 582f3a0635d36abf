// The --plugin packages of one command line, read ahead of yargs's parse and loaded once: the flags whose choices they
// extend (--kernel) are checked against them, and the command runs with the same registry.
import type { PluginRegistry } from '@ontogeny/core';
import { Parser } from 'yargs/helpers';

export class CommandLinePlugins {
  private loading: Promise<PluginRegistry> | null = null;

  private constructor(readonly sources: readonly string[]) {}

  /** The --plugin values of `argv` (the command line without the node and script names), parsed as yargs parses them. */
  static of(argv: readonly string[]): CommandLinePlugins {
    const sources: unknown = Parser([...argv], { array: ['plugin'], string: ['plugin'] }).plugin;
    return new CommandLinePlugins(Array.isArray(sources) ? sources.map(String) : []);
  }

  /** The built-in plugins and those of the packages; loaded on first use (which --help of most commands never makes). */
  registry(): Promise<PluginRegistry> {
    this.loading ??= import('./plugin-loading.js').then(({ loadRegistry }) => loadRegistry(this.sources));
    return this.loading;
  }
}
