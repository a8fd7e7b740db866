import * as v from 'valibot';
import { type Command, CommandSchema } from './commands.ts';
import { EventSchema, type SocklabEvent } from './events.ts';
import { compileFastCheck, type FastCheck } from './fastCheck.ts';

/** The result of parsing untrusted input: never throws. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function describe(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** Every event is checked against the whole schema: first by the fast check, then by valibot where it is unsure. */
const isEventFast = compileFastCheck(EventSchema);

function parseWith<T>(schema: v.GenericSchema<unknown, T>, text: string, fast?: FastCheck): Parsed<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not JSON: ${(err as Error).message}` };
  }
  if (fast?.(json)) return { ok: true, value: json as T };
  const result = v.safeParse(schema, json);
  return result.success ? { ok: true, value: result.output } : { ok: false, error: describe(result.issues) };
}

/**
 * Parses one inbound message. Never throws.
 *
 * @example
 * const r = parseCommand('{"type":"lesson.step"}');
 * if (r.ok) handle(r.value); else reply(r.error);
 */
export function parseCommand(text: string): Parsed<Command> {
  return parseWith(CommandSchema, text);
}

/** Parses one event line (from the WebSocket or a recording). Never throws. */
export function parseEvent(text: string): Parsed<SocklabEvent> {
  return parseWith(EventSchema, text, isEventFast);
}

/**
 * Whether an already-decoded value is an event exactly as it is (the schema's
 * fast check): `true` only where `parseEvent` would give the value itself.
 * Where it says `false`, `parseEvent` gives the answer and the error.
 */
export function isEventAsIs(value: unknown): value is SocklabEvent {
  return isEventFast(value);
}

/** Checks an already-decoded value against the event schema. */
export function isValidEvent(value: unknown): value is SocklabEvent {
  return isEventFast(value) || v.is(EventSchema, value);
}
