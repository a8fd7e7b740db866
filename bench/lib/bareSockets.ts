import { spawn } from 'node:child_process';

// A bare node process (no socklab, no loader): holds `n` node:net sockets, half clients, half the
// server's ends, then prints its VmRSS in kB and waits to be killed.
const script = `
const net = require('node:net');
const fs = require('node:fs');
const n = Number(process.argv[1]);
const held = [];
const server = net.createServer((c) => {
  held.push(c);
  if (held.length === n) {
    const rss = /^VmRSS:\\s+(\\d+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1];
    process.stdout.write(rss + '\\n');
  }
});
server.listen({ port: 0, host: '127.0.0.1', backlog: 1024 }, () => {
  for (let i = 0; i < n / 2; i++) held.push(net.createConnection(server.address().port, '127.0.0.1'));
});
`;

/** The RSS (MB) of a bare node process holding `sockets` node:net sockets open: the reference for the server's. */
export function bareNodeRssMb(sockets: number): Promise<number> {
  const child = spawn(process.execPath, ['-e', script, String(sockets)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!out.includes('\n')) return;
      child.kill('SIGKILL');
      ok(Number(out.trim()) / 1024);
    });
    child.once('exit', (code) => {
      if (!out.includes('\n'))
        fail(new Error(`the bare node process exited ${code} before it held ${sockets} sockets`));
    });
  });
}
