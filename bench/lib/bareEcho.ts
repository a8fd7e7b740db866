import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { WebSocketServer } from 'ws';

/**
 * The browser figures' reference: a bare page whose button sends one ws message;
 * the echo (`messages` messages of 270 bytes, like a step's events) updates the DOM.
 * Returns each click → DOM time of `count` clicks, in ms.
 */
export async function bareEcho(browser: Browser, count: number, messages = 9): Promise<number[]> {
  const html = `<!doctype html><button id="b">go</button><p id="out">0</p><script>
    const ws = new WebSocket('ws://' + location.host + '/ws'); let n = 0; let left = 0;
    ws.onmessage = () => { if (--left === 0) document.getElementById('out').textContent = String(++n); };
    document.getElementById('b').onclick = () => { left = ${messages}; ws.send('step'); };
    window.ready = new Promise((ok) => { ws.onopen = ok; });
  </script>`;
  const http = createServer((_q, r) => r.end(html));
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (ws) =>
    ws.on('message', () => {
      for (let i = 0; i < messages; i++) ws.send('x'.repeat(270));
    }),
  );
  await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
  const page = await browser.newPage();
  try {
    await page.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`);
    await page.evaluate(() => (window as unknown as { ready: Promise<void> }).ready);
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      times.push(
        await page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              const out = document.getElementById('out') as HTMLElement;
              const observer = new MutationObserver(() => {
                observer.disconnect();
                resolve(performance.now() - start);
              });
              observer.observe(out, { childList: true, characterData: true, subtree: true });
              const start = performance.now();
              (document.getElementById('b') as HTMLButtonElement).click();
            }),
        ),
      );
    }
    return times;
  } finally {
    await page.close();
    wss.close();
    http.close();
  }
}
