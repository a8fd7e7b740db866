import { type Command, parseEvent, type SocklabEvent } from '@socklab/protocol';
import { fromCallback } from 'xstate';

/** What the socket actor tells the connection machine. */
export type SocketReport =
  | { type: 'socket.open' }
  | { type: 'socket.event'; event: SocklabEvent }
  | { type: 'socket.invalid'; error: string }
  | { type: 'socket.closed'; code: number; reason: string };

/** What the connection machine asks the socket actor to do. */
export type SocketOrder = { type: 'command.send'; command: Command };

/**
 * One WebSocket for the life of the actor. Every frame is parsed with
 * `parseEvent`; a frame that is not a valid event is reported, never thrown.
 * Its events are reported to the parent machine as `socket.event`, or, given
 * `deliver`, handed to it directly: a step's events arrive as several frames,
 * and each one through the machine cost a transition, a snapshot and every
 * `useSelector` of the connection (1.7 ms of a call's 4–10 frames, profiled in Chromium here) for an
 * event the machine only passes on. Open, close and invalid frames still go
 * to the machine, in the order they happen.
 *
 * @example
 * setup({ actors: { socket: webSocketActorTo((event) => batch.push(event)) } })
 */
export function webSocketActorTo(deliver: ((event: SocklabEvent) => void) | null) {
  return fromCallback<SocketOrder, { url: string }>(({ input, sendBack, receive }) => {
    const report = (event: SocketReport) => sendBack(event);
    let ws: WebSocket;
    try {
      ws = new WebSocket(input.url);
    } catch (err) {
      // A malformed URL throws synchronously; report it like any failed connection.
      queueMicrotask(() => report({ type: 'socket.closed', code: 1006, reason: (err as Error).message }));
      return () => {};
    }
    ws.onopen = () => report({ type: 'socket.open' });
    ws.onmessage = (message: MessageEvent) => {
      if (typeof message.data !== 'string') {
        report({ type: 'socket.invalid', error: 'binary frame' });
        return;
      }
      const parsed = parseEvent(message.data);
      if (!parsed.ok) report({ type: 'socket.invalid', error: parsed.error });
      else if (deliver !== null) deliver(parsed.value);
      else report({ type: 'socket.event', event: parsed.value });
    };
    // An 'error' is always followed by 'close', which carries the code.
    ws.onerror = null;
    ws.onclose = (event: CloseEvent) => report({ type: 'socket.closed', code: event.code, reason: event.reason });
    receive((order) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(order.command));
    });
    return () => {
      // Under React StrictMode the actor is stopped and restarted at once: a late
      // onclose from this socket must not reach the restarted actor (STACK.md).
      ws.onmessage = null;
      ws.onclose = null;
      ws.onerror = null;
      if (ws.readyState === WebSocket.CONNECTING) {
        // Closing before the handshake ends logs an error in the console; close right after it instead.
        ws.onopen = () => ws.close(1000, 'client left');
      } else {
        ws.onopen = null;
        if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'client left');
      }
    };
  });
}

/** The WebSocket actor that reports every event to the connection machine (`socket.event`). */
export const webSocketActor = webSocketActorTo(null);

/**
 * The WebSocket URL of the server that served this page.
 *
 * @example
 * webSocketUrl(new URL('http://127.0.0.1:7357/'), 'abc') // 'ws://127.0.0.1:7357/ws?token=abc'
 */
export function webSocketUrl(page: URL, token: string | null): string {
  const url = new URL('ws', page);
  url.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = '/ws';
  // Without a token the browser's cookie (set on the first visit with one) is the credential.
  url.search = token === null ? '' : new URLSearchParams({ token }).toString();
  url.hash = '';
  return url.toString();
}
