// The Reporter contract: a subscriber to the event stream (a progress display, a logger, a plot writer).
import type { Observable } from 'rxjs';
import type { LifespanEvent } from '../../lifespan/events.js';

export interface Reporter {
  /** Subscribes to the run's events; the run directory is where it may write files. */
  attach(events: Observable<LifespanEvent>, runDirectory: string | null): void;
}
