// Renders a figure to SVG in Node: Vega-Lite compiles the spec, Vega's headless View draws it (no browser, no canvas).
import { parse, View, type LoggerInterface } from 'vega';
import { compile } from 'vega-lite';
import type { Figure } from './figure.js';

/**
 * The SVG of `figure`. A Vega-Lite warning (a field it cannot find, a channel it drops) or a Vega error while
 * drawing means the figure would not show what it claims, so it is an error naming the figure, never a
 * quietly wrong plot or a message on the console.
 */
export async function renderSvg(figure: Figure): Promise<string> {
  const compiling: string[] = [];
  const { spec } = compile(figure.spec, { logger: collector(compiling, true) });
  if (compiling.length > 0) throw new Error(`figure "${figure.id}": ${compiling.join('; ')}`);
  const drawing: string[] = [];
  const view = new View(parse(spec), { renderer: 'none', logger: collector(drawing, false) });
  try {
    const svg = await view.toSVG();
    if (drawing.length > 0) throw new Error(`figure "${figure.id}": ${drawing.join('; ')}`);
    return svg;
  } finally {
    view.finalize();
  }
}

/** A logger that keeps errors (and warnings, when `warnings`) in `into` and drops the rest. */
function collector(into: string[], warnings: boolean): LoggerInterface {
  const keep = (...message: readonly unknown[]) => {
    into.push(message.map((part) => (part instanceof Error ? part.message : String(part))).join(' '));
    return logger;
  };
  const ignore = () => logger;
  const logger = {
    level: (() => logger) as LoggerInterface['level'],
    error: keep,
    warn: warnings ? keep : ignore,
    info: ignore,
    debug: ignore,
  } as LoggerInterface;
  return logger;
}
