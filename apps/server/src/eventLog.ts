import type { EventBody, SocklabEvent } from '@socklab/protocol';

/** Receives each event as it is appended. */
export type Subscriber = (event: SocklabEvent) => void;

/**
 * A session's ordered, append-only event log: it stamps `seq` and `t`
 * (milliseconds since the log began) and hands each event to every subscriber.
 */
export class EventLog {
  readonly #events: SocklabEvent[] = [];
  readonly #subscribers = new Set<Subscriber>();
  readonly #start = performance.now();

  /** Appends an event and returns it as stamped. */
  append(body: EventBody): SocklabEvent {
    const t = Math.round((performance.now() - this.#start) * 1000) / 1000;
    const event = { ...body, seq: this.#events.length, t } as SocklabEvent;
    this.#events.push(event);
    for (const subscriber of this.#subscribers) subscriber(event);
    return event;
  }

  /** Every event so far. */
  events(): readonly SocklabEvent[] {
    return this.#events;
  }

  /** Calls `subscriber` for every later event; returns the unsubscribe function. */
  subscribe(subscriber: Subscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }
}
