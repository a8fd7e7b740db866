import type { Duplex } from 'node:stream';

/**
 * `send`, with every frame sent within one tick written to `socket` at once:
 * the socket is corked at the first frame and uncorked on the next tick, so a
 * call's events (several frames each) leave in one writev(2) instead of one
 * write(2) each. Each event stays a frame of its own. Without a socket
 * (an upgrade handled elsewhere), `send` as it is.
 *
 * @example
 * const send = tickCorked(upgradeSocket, (json) => ws.send(json));
 * log.subscribe((_event, json) => send(json));
 */
export function tickCorked(socket: Duplex | undefined, send: (json: string) => void): (json: string) => void {
  if (socket === undefined) return send;
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  return (json) => {
    if (!corked && !socket.destroyed) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    send(json);
  };
}
