import type { SocklabEvent } from '@socklab/protocol';
import { WebSocket } from 'ws';

/** A ws client of a socklab server that sends one command at a time and waits for the event that ends it. */
export type BenchClient = {
  open: Promise<void>;
  /** Every event received, in order. */
  seen: SocklabEvent[];
  /** Sends `command`; resolves with the size of each message received until one matched `pred`. */
  until(command: unknown, pred: (e: SocklabEvent) => boolean): Promise<number[]>;
  close(): void;
};

/** Connects to a server started with `startServer` (its port and token). */
export function benchClient(server: { port: number; token: string }): BenchClient {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
    origin: `http://127.0.0.1:${server.port}`,
  });
  let waiter: { pred: (e: SocklabEvent) => boolean; sizes: number[]; resolve: (sizes: number[]) => void } | null = null;
  const seen: SocklabEvent[] = [];
  ws.on('message', (data: Buffer) => {
    const event = JSON.parse(String(data)) as SocklabEvent;
    seen.push(event);
    if (waiter === null) return;
    waiter.sizes.push(data.length);
    if (waiter.pred(event)) {
      const w = waiter;
      waiter = null;
      w.resolve(w.sizes);
    }
  });
  const open = new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  return {
    open,
    seen,
    until(command, pred) {
      return new Promise((resolve) => {
        waiter = { pred, sizes: [], resolve };
        ws.send(JSON.stringify(command));
      });
    },
    close: () => ws.close(),
  };
}
