// Renders a figure to SVG in Node: Vega-Lite compiles the spec, Vega's headless View draws it (no browser, no canvas).
import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import type { Figure } from './figure.js';

/**
 * The SVG of `figure`. A Vega-Lite warning (a field it cannot find, a channel it drops) means the figure would
 * not show what it claims, so it is an error naming the figure rather than a quietly wrong plot.
 */
export async function renderSvg(figure: Figure): Promise<string> {
  const warnings: string[] = [];
  const note = (...message: readonly unknown[]) => warnings.push(message.map(String).join(' '));
  const logger = { level: () => logger, error: note, warn: note, info: () => logger, debug: () => logger };
  const { spec } = compile(figure.spec, { logger: logger as never });
  if (warnings.length > 0) throw new Error(`figure "${figure.id}": ${warnings.join('; ')}`);
  const view = new View(parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
