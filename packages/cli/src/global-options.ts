// Options every command takes.
export interface GlobalOptions {
  plugin: string[];
  /** Machine-readable output where the command has it (JSON, or JSON lines for run's events). */
  json: boolean;
  debug: boolean;
}
