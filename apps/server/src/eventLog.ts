import { bytesToText, type EventBody, type SocklabEvent } from '@socklab/protocol';

/** Receives each event as it is appended, with its JSON (what a viewer is sent). */
export type Subscriber = (event: SocklabEvent, json: string) => void;

/**
 * Where a log keeps its events durably (a recording): it is handed each event
 * before any subscriber is, and `flush()` makes it hold every event so far.
 */
export type Journal = {
  write(event: SocklabEvent, json: string): void;
  flush(): void;
};

/** How much of its history a log keeps in memory: the latest events within both bounds. */
export type LogBounds = {
  /** Events kept at most. */
  maxEvents: number;
  /** UTF-8 bytes of the kept events' JSON at most (an upper bound on their strings in memory). */
  maxBytes: number;
};

/**
 * What a session's log keeps by default (SECURITY.md #12): the browser holds
 * the whole history and the recording on disk keeps it too, so the server
 * keeps only the latest events.
 */
export const sessionLogBounds: LogBounds = { maxEvents: 5000, maxBytes: 2 * 1024 * 1024 };

/**
 * A session's ordered, append-only event log: it stamps `seq` and `t`
 * (milliseconds since the log began), hands each event to every subscriber,
 * and keeps the latest events within its bounds (everything by default).
 *
 * @example
 * const log = new EventLog(sessionLogBounds);
 * log.subscribe((event, json) => {
 *   log.sync(); // the recording holds the event before its bytes leave
 *   ws.send(json);
 * });
 * log.append({ type: 'error', code: 'SOCKLAB_ERR_LIMIT', message: '…' });
 * log.events();  // the latest events, oldest first
 */
export class EventLog {
  // Kept events and their sizes, oldest first; shift() drops the oldest (V8 trims arrays from the left in place).
  readonly #events: SocklabEvent[] = [];
  readonly #sizes: number[] = [];
  readonly #subscribers = new Set<Subscriber>();
  readonly #start = performance.now();
  readonly #bounds: LogBounds;
  #seq = 0;
  #bytes = 0;
  /** Where every later event is kept first (a recording), or none. */
  journal: Journal | undefined;

  constructor(bounds: Partial<LogBounds> = {}) {
    const { maxEvents = Number.POSITIVE_INFINITY, maxBytes = Number.POSITIVE_INFINITY } = bounds;
    for (const [name, value] of Object.entries({ maxEvents, maxBytes })) {
      if (!(value === Number.POSITIVE_INFINITY || (Number.isSafeInteger(value) && value > 0))) {
        throw new RangeError(`EventLog: ${name} must be a positive integer, got ${value}`);
      }
    }
    this.#bounds = { maxEvents, maxBytes };
  }

  /** Appends an event and returns it as stamped. */
  append(body: EventBody): SocklabEvent {
    return this.appendJson(body).event;
  }

  /** Appends an event and returns it as stamped, with its JSON (made once, for every subscriber and the recording). */
  appendJson(body: EventBody): { event: SocklabEvent; json: string } {
    const t = Math.round((performance.now() - this.#start) * 1000) / 1000;
    const event = { ...body, seq: this.#seq++, t } as SocklabEvent;
    const json = JSON.stringify(event);
    this.journal?.write(event, json);
    for (const subscriber of this.#subscribers) subscriber(event, json);
    this.#keep(event, Buffer.byteLength(json));
    return { event, json };
  }

  /**
   * Makes the journal hold every event appended so far: whatever sends an
   * event's bytes out of the process calls it first, so a recording never
   * lags behind what a viewer was sent (SECURITY.md test 15).
   */
  sync(): void {
    this.journal?.flush();
  }

  /** The latest events (all of them, unless the bounds dropped some), oldest first. A live view: it changes as events come. */
  events(): readonly SocklabEvent[] {
    return this.#events;
  }

  /** How many events were appended in all (the next `seq`). */
  get appended(): number {
    return this.#seq;
  }

  /** The UTF-8 bytes of the kept events' JSON. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Calls `subscriber` for every later event; returns the unsubscribe function. */
  subscribe(subscriber: Subscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }

  #keep(event: SocklabEvent, size: number): void {
    const kept = compact(event);
    const keptSize = kept === event ? size : size - Buffer.byteLength((event as { text: string }).text);
    this.#events.push(kept);
    this.#sizes.push(keptSize);
    this.#bytes += keptSize;
    const { maxEvents, maxBytes } = this.#bounds;
    while (this.#events.length > maxEvents || (this.#bytes > maxBytes && this.#events.length > 1)) {
      this.#events.shift();
      this.#bytes -= this.#sizes.shift() ?? 0;
    }
  }
}

// A data event carries its bytes twice, as base64 and as text: the log keeps
// the base64 and renders the text again when it is read (in the same place,
// so the kept event is the sent one, key for key).
function compact(event: SocklabEvent): SocklabEvent {
  if (event.type !== 'data') return event;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key !== 'text') {
      kept[key] = value;
      continue;
    }
    const base64 = event.base64;
    Object.defineProperty(kept, 'text', {
      enumerable: true,
      get: () => bytesToText(Buffer.from(base64, 'base64')),
    });
  }
  return kept as SocklabEvent;
}
