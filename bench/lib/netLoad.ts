import { type AddressInfo, createConnection, createServer, type Socket } from 'node:net';

/**
 * The `load` lesson's work done by node:net, for reference: one listener
 * (the same backlog), `clients` clients that all connect at once, each writes
 * `message`, reads the echo and closes; the server echoes and closes at the
 * end of file. Resolves with the ms it took, listener included.
 */
export function loadThroughNodeNet(clients: number, backlog: number, message: Uint8Array): Promise<number> {
  const start = performance.now();
  return new Promise((done, fail) => {
    const server = createServer((conn) => {
      conn.on('data', (chunk) => conn.write(chunk));
      conn.on('end', () => conn.end());
      conn.on('error', fail);
    });
    server.on('error', fail);
    server.listen({ port: 0, host: '127.0.0.1', backlog }, () => {
      const port = (server.address() as AddressInfo).port;
      let left = clients;
      for (let i = 0; i < clients; i++) {
        const k: Socket = createConnection(port, '127.0.0.1', () => k.write(message));
        let got = 0;
        k.on('data', (chunk) => {
          got += chunk.length;
          if (got >= message.length) k.end();
        });
        k.on('error', fail);
        k.on('close', () => {
          if (--left === 0) server.close(() => done(performance.now() - start));
        });
      }
    });
  });
}

/**
 * Holds `sockets` node:net sockets open (half clients, half the server's
 * ends) and resolves with a function that closes them all.
 */
export function holdNodeNetSockets(sockets: number): Promise<() => Promise<void>> {
  return new Promise((done, fail) => {
    const held: Socket[] = [];
    const server = createServer((conn) => {
      held.push(conn);
      if (held.length === sockets) done(close);
    });
    server.on('error', fail);
    server.listen({ port: 0, host: '127.0.0.1', backlog: 1024 }, () => {
      const port = (server.address() as AddressInfo).port;
      for (let i = 0; i < sockets / 2; i++) {
        const k = createConnection(port, '127.0.0.1');
        k.on('error', fail);
        held.push(k);
      }
    });
    function close(): Promise<void> {
      for (const s of held) s.destroy();
      return new Promise((closed) => server.close(() => closed()));
    }
  });
}
