// Renders a figure's SVG to PNG with resvg (a Rust SVG renderer shipped as a prebuilt Node addon): for papers, no browser.
import { Resvg } from '@resvg/resvg-js';

/** Pixels per SVG unit of the PNGs: 2 gives print-ready figures from the report's screen-sized plots. */
export const PNG_SCALE = 2;

/** The PNG of an SVG document, scaled by `scale`, with the system's fonts (the SVG names DejaVu/Liberation Sans first). */
export function svgToPng(svg: string, scale = PNG_SCALE): Buffer {
  const rendered = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render();
  return rendered.asPng();
}
