import type { Browser } from 'playwright-core';

/** One load of a recording in the app: until the first view is on screen, and what the page then holds. */
export type AppLoad = { ms: number; nodes: number };

/**
 * Drops `text` as a recording file on the built app at `url` (a fresh page each
 * time), as a user does, and times it from the drop until the replay's first
 * view is on screen: reading the file, `parseRecording` (every line checked),
 * the view, React's render and commit, and the next frame. The file is made in
 * the page from the same bytes (served at the app's origin), before the clock starts.
 */
export async function loadInApp(browser: Browser, url: string, text: string, runs: number): Promise<AppLoad[]> {
  const loads: AppLoad[] = [];
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      // tsx names functions with a helper the page does not have.
      await page.addInitScript('window.__name = (f) => f;');
      await page.route('**/bench-recording.ndjson', (route) =>
        route.fulfill({ body: text, contentType: 'application/x-ndjson' }),
      );
      await page.goto(url);
      await page.waitForSelector('[data-testid="lab"]');
      loads.push(
        await page.evaluate(async () => {
          const body = await (await fetch('/bench-recording.ndjson')).text();
          const files = new DataTransfer();
          files.items.add(new File([body], 'bench-recording.ndjson'));
          const ms = await new Promise<number>((resolve) => {
            const shown = () => document.querySelector('[data-testid="replay-banner"]') !== null;
            // On screen: the frame after the commit that shows the replay has been painted.
            const painted = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
            const observer = new MutationObserver(() => {
              if (!shown()) return;
              observer.disconnect();
              painted();
            });
            observer.observe(document.body, { childList: true, subtree: true });
            const start = performance.now();
            window.dispatchEvent(new DragEvent('drop', { dataTransfer: files, cancelable: true }));
          });
          return { ms, nodes: document.getElementsByTagName('*').length };
        }),
      );
    } finally {
      await page.close();
    }
  }
  return loads;
}
