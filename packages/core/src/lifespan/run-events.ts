// The run's event stream as a service plugins can inject ('events'): the lifespan events as they happen, and a way to add one.
import { Observable, Subject } from 'rxjs';
import type { RunEvents } from '../plugin/define-plugin.js';
import type { LifespanEvent } from './events.js';

/**
 * The event stream of one run. The scope hands it to plugins that inject 'events' (prepare makes one per run); the
 * runner feeds it every event it emits, and connects it so that what plugins emit joins the run's own stream, counted
 * with it (checkpoints, resume) and written with it.
 */
export class RunEventChannel implements RunEvents {
  private readonly subject = new Subject<LifespanEvent>();
  private sink: ((event: LifespanEvent) => void) | null = null;
  private used = false;
  readonly stream: Observable<LifespanEvent> = this.subject.asObservable();

  emit(event: LifespanEvent): void {
    if (!this.sink) throw new Error(`a plugin emitted a "${event.type}" event outside the run — emit only while the lifespan runs (not in create)`);
    this.sink(event);
  }

  /** Starts the run: `sink` is where plugins' events go (the runner's own emit). A prepared lifespan runs once. */
  open(sink: (event: LifespanEvent) => void): void {
    if (this.used) throw new Error('this prepared lifespan has already run: prepare it again to run it again');
    this.used = true;
    this.sink = sink;
  }

  /** Passes an event of the run to every observer. */
  publish(event: LifespanEvent): void {
    this.subject.next(event);
  }

  /** Ends the stream with the run. */
  close(): void {
    this.sink = null;
    this.subject.complete();
  }
}
