// The report as one self-contained HTML page: inline CSS, figures as inline SVG with their Vega-Lite spec (and so their data) beside them, no script and no request.
import { escapeHtml, htmlFacts, scriptJson } from './html.js';
import type { ReportSection } from './report-section.js';

/** A section whose figures have been drawn: `svgs[i]` is the SVG of `section.figures[i]`. */
export interface RenderedSection {
  readonly section: ReportSection;
  readonly svgs: readonly string[];
}

/** The page's CSS, shared with the live view so both look alike. */
export const PAGE_STYLE = `
body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; margin: 24px auto; max-width: 960px; color: #222; line-height: 1.4; }
h1 { font-size: 22px; } h2 { font-size: 19px; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 36px; } h3 { font-size: 15px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; font-size: 13px; } dl.facts dt { color: #666; } dl.facts dd { margin: 0; }
figure { margin: 18px 0 26px; } figure svg { max-width: 100%; height: auto; } figcaption { font-size: 13px; color: #444; max-width: 820px; }
table { border-collapse: collapse; font-size: 12px; margin: 8px 0 14px; } th, td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f6f6f6; padding: 10px; font-size: 11px; overflow-x: auto; } p.note { color: #8a5a00; font-size: 13px; }
`;

/**
 * The whole page. The Content-Security-Policy forbids every fetch, so the browser itself guarantees that
 * nothing leaves the page; each figure's spec sits in a JSON script element (`class="figure-spec"`), never run.
 */
export function reportPage(title: string, sections: readonly RenderedSection[]): string {
  const body = sections.map(({ section, svgs }) => [
    `<section id="${escapeHtml(section.id)}">`,
    `<h2>${escapeHtml(section.title)}</h2>`,
    htmlFacts(section.facts),
    ...section.figures.map((figure, i) => [
      `<figure class="figure" id="${escapeHtml(`${section.id}-${figure.id}`)}" data-figure="${escapeHtml(figure.id)}">`,
      `<h3>${escapeHtml(figure.title)}</h3>`,
      svgs[i],
      `<figcaption>${escapeHtml(figure.caption)}</figcaption>`,
      `<script type="application/json" class="figure-spec">${scriptJson(figure.spec)}</script>`,
      '</figure>',
    ].join('\n')),
    ...section.blocks,
    '</section>',
  ].join('\n')).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="ontogeny report">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}
