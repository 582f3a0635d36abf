// Options every command takes.
export interface GlobalOptions {
  plugin: string[];
  debug: boolean;
}
