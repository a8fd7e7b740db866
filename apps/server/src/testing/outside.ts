import { spawn } from 'node:child_process';
import type { Network } from '@socklab/protocol';

/** Another program on the lab's network: a TCP client in its own process. */
export type OutsideClient = { localPort: number; received: () => string; close: () => void };

// The other program: connects, prints its local port, prints what it receives, and ends with its stdin.
const script = `
const s = require('node:net').connect(Number(process.argv[1]), '127.0.0.1');
s.on('connect', () => process.stdout.write('port ' + s.localPort + '\\n'));
s.on('data', (d) => process.stdout.write('data ' + JSON.stringify(d.toString('latin1')) + '\\n'));
s.on('error', (e) => { process.stdout.write('error ' + e.code + '\\n'); });
process.stdin.on('end', () => s.destroy()).resume();
`;

/**
 * Starts another program (a Node process) that connects to `port` on the
 * lab's network: through `nsenter --net=PATH` into the lab's namespace, as a
 * person would with the command socklab shows, or on the host's network.
 * Resolves once it is connected.
 */
export function outsideClient(network: Network, port: number): Promise<OutsideClient> {
  const node = [process.execPath, '-e', script, String(port)];
  const [command, ...args] = network.kind === 'netns' ? ['nsenter', `--net=${network.path}`, ...node] : node;
  const child = spawn(command as string, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const connected = /^port (\d+)$/m.exec(out);
      const failed = /^error (\w+)$/m.exec(out);
      if (failed) reject(new Error(`the outside client could not connect: ${failed[1]}`));
      if (connected)
        resolve({
          localPort: Number(connected[1]),
          received: () => [...out.matchAll(/^data (.*)$/gm)].map((m) => JSON.parse(m[1] as string) as string).join(''),
          close: () => child.stdin.end(),
        });
    });
  });
}
