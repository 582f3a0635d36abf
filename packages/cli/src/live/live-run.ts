// One followed run and the pages watching it: redraws its figures as events arrive and sends them to every page by server-sent events.
import type { ServerResponse } from 'node:http';
import type { LifespanEvent } from '@ontogeny/core';
import { lifespanFigures } from '../report/lifespan-figures.js';
import { lifespanTables, type LifespanTables } from '../report/lifespan-tables.js';
import { renderSvg } from '../report/render-svg.js';
import type { RunFollower } from './run-follower.js';

/** Least time between two redraws: a fast run's events are drawn in batches instead of one render per event. */
const REDRAW_MS = 250;
/** How many milestones (phase starts and ends, disorders, the end) the page lists. */
const MILESTONES = 8;

/** What the page shows above the figures, sent as the `status` message. */
export interface LiveStatus {
  readonly status: LifespanTables['status'];
  readonly events: number;
  readonly phase: string | null;
  readonly step: number;
  readonly steps: number;
  readonly milestones: readonly string[];
}

/**
 * Draws the run's figures whenever its events change and some page watches; a page that connects (or
 * reconnects after a reload) first receives the latest drawing, so it never has to replay the stream.
 */
export class LiveRun {
  private readonly pages = new Set<ServerResponse>();
  private latest: string | null = null;
  private drawnEvents = -1;
  private drawing = false;
  private pending: NodeJS.Timeout | null = null;
  private lastDrawn = 0;
  private readonly unsubscribe: () => void;

  constructor(readonly follower: RunFollower) {
    this.unsubscribe = follower.onChange(() => this.redraw());
  }

  /** How many pages are connected. */
  get watchers(): number {
    return this.pages.size;
  }

  /** Sends the latest drawing to `page` and keeps it updated until it disconnects. */
  watch(page: ServerResponse, onLeave: () => void): void {
    page.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    page.write('retry: 1000\n\n');
    this.pages.add(page);
    page.on('close', () => {
      this.pages.delete(page);
      onLeave();
    });
    if (this.latest) page.write(this.latest);
    if (this.drawnEvents !== this.follower.events.length) this.redraw();
  }

  /** Ends every page's stream (they reconnect to whatever serves next) and stops following. */
  close(): void {
    if (this.pending) clearTimeout(this.pending);
    this.unsubscribe();
    for (const page of this.pages) page.end();
    this.pages.clear();
  }

  private redraw(): void {
    if (this.pages.size === 0 || this.drawing || this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      void this.draw();
    }, Math.max(0, this.lastDrawn + REDRAW_MS - Date.now()));
  }

  private async draw(): Promise<void> {
    this.drawing = true;
    const events = this.follower.events.slice();
    try {
      const tables = lifespanTables(events);
      const figures = lifespanFigures(tables);
      const svgs = await Promise.all(figures.map(renderSvg));
      this.latest = message('status', liveStatus(events, tables))
        + figures.map((figure, i) => message('figure', { id: figure.id, order: i, title: figure.title, caption: figure.caption, svg: svgs[i] })).join('');
      this.drawnEvents = events.length;
      for (const page of this.pages) page.write(this.latest);
    } catch (error) {
      const text = message('problem', { message: error instanceof Error ? error.message : String(error) });
      for (const page of this.pages) page.write(text);
    } finally {
      this.drawing = false;
      this.lastDrawn = Date.now();
    }
    if (this.drawnEvents !== this.follower.events.length) this.redraw();
  }
}

function liveStatus(events: readonly LifespanEvent[], tables: LifespanTables): LiveStatus {
  let phase: string | null = null;
  let step = 0;
  let steps = 0;
  const milestones: string[] = [];
  for (const event of events) {
    if (event.type === 'phase:start') [phase, step, steps] = [event.phase, 0, event.steps];
    else if (event.type === 'step') [step, steps] = [event.step, event.steps];
    const line = milestone(event);
    if (line) milestones.push(line);
  }
  return { status: tables.status, events: events.length, phase, step, steps, milestones: milestones.slice(-MILESTONES) };
}

function milestone(event: LifespanEvent): string | null {
  switch (event.type) {
    case 'phase:start': return `▸ ${event.phase} (${event.kind}${event.task ? ` on ${event.task}` : ''}${event.from ? `, from ${event.from}` : ''})`;
    case 'phase:end': return `✓ ${event.phase}: ${Object.entries(event.metrics).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')}`;
    case 'perturb': return `${event.disorder} ${event.when} ${event.phase}, dose ${event.dose}`;
    case 'diverged': return `✗ ${event.phase} diverged at step ${event.step}`;
    case 'lifespan:end': return `the lifespan ${event.name} ended`;
    case 'error': return `✗ ${event.code}: ${event.message}`;
    default: return null;
  }
}

/** One server-sent event: its type and a JSON payload on one data line. */
function message(type: string, data: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}
