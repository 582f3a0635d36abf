// The live view's pages: a run's page (its script redraws the figures from server-sent events) and the index of a runs folder.
import { escapeHtml } from '../report/html.js';
import { PAGE_STYLE } from '../report/report-page.js';

/** The pages may talk to their own server and nothing else; the browser enforces it. */
export const LIVE_POLICY = "default-src 'none'; connect-src 'self'; script-src 'self'; style-src 'unsafe-inline'; img-src data:";

/**
 * The page's script (served as /live.js). It only moves what the server drew into the page: the status line,
 * the milestones and each figure's SVG, marking the body with `data-status` and `data-events` and each figure
 * with the event count it shows, so a person (or a test) can tell which moment of the run is on screen.
 */
export const LIVE_SCRIPT = `'use strict';
const figures = document.getElementById('figures');
const line = document.getElementById('status');
const milestones = document.getElementById('milestones');
const problem = document.getElementById('problem');
const source = new EventSource('events');
source.onopen = () => { document.body.dataset.connection = 'open'; };
source.onerror = () => { document.body.dataset.connection = 'lost'; };
source.addEventListener('status', (message) => {
  const s = JSON.parse(message.data);
  document.body.dataset.status = s.status;
  document.body.dataset.events = String(s.events);
  line.textContent = s.status + (s.phase ? ' · phase ' + s.phase : '') + (s.steps ? ' · step ' + s.step + ' of ' + s.steps : '') + ' · ' + s.events + ' events';
  milestones.replaceChildren(...s.milestones.map((text) => Object.assign(document.createElement('li'), { textContent: text })));
  problem.textContent = '';
});
source.addEventListener('figure', (message) => {
  const f = JSON.parse(message.data);
  let figure = document.getElementById('figure-' + f.id);
  if (!figure) {
    figure = Object.assign(document.createElement('figure'), { id: 'figure-' + f.id, className: 'figure' });
    figure.dataset.figure = f.id;
    figure.append(document.createElement('h3'), Object.assign(document.createElement('div'), { className: 'plot' }), document.createElement('figcaption'));
    figures.append(figure);
  }
  // Figures appear as the run makes them possible; the flex order keeps the server's order
  figure.style.order = String(f.order);
  figure.querySelector('h3').textContent = f.title;
  figure.querySelector('figcaption').textContent = f.caption;
  figure.querySelector('.plot').innerHTML = f.svg;
  figure.dataset.events = document.body.dataset.events;
});
source.addEventListener('problem', (message) => { problem.textContent = 'cannot draw: ' + JSON.parse(message.data).message; });
`;

/** The live page of the run in folder `folder`. */
export function livePage(folder: string): string {
  return page(`Live: ${folder}`, `<h1>Live: ${escapeHtml(folder)}</h1>
<p id="status" class="status">connecting…</p>
<ul id="milestones" class="milestones"></ul>
<p id="problem" class="note"></p>
<div id="figures"></div>
<script src="/live.js"></script>`);
}

/** The index of a runs folder: one link per run, with its status when the page was asked for. */
export function indexPage(root: string, runs: ReadonlyArray<{ folder: string; status: string }>): string {
  const items = runs.map(({ folder, status }) => `<li><a href="/runs/${encodeURIComponent(folder)}/">${escapeHtml(folder)}</a> <span class="status">${escapeHtml(status)}</span></li>`);
  return page(`Runs in ${root}`, `<h1>Runs in ${escapeHtml(root)}</h1>
${items.length > 0 ? `<ul>${items.join('\n')}</ul>` : '<p>No runs yet; reload once a run has started.</p>'}`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${LIVE_POLICY}">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE} p.status { font-size: 14px; font-weight: bold; } ul.milestones { font-size: 12px; color: #444; } #figures { display: flex; flex-direction: column; }</style>
</head>
<body data-status="connecting" data-events="0">
${body}
</body>
</html>
`;
}
