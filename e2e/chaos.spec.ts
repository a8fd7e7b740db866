import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppProcess, expect, startApp, test } from './fixtures.ts';
import { LabPage } from './pages/LabPage.ts';
import { freePort, latestRecording } from './restart.ts';

const en = JSON.parse(readFileSync(new URL('../apps/web/src/i18n/en.json', import.meta.url), 'utf8')) as {
  tokenRefused: string;
};

test.describe('the backend killed mid-lesson (SECURITY.md #15, #25)', () => {
  let apps: AppProcess[] = [];
  test.afterEach(async () => {
    for (const app of apps) await app.stop();
    apps = [];
  });

  test('SECURITY 25: SIGKILL mid-lesson: the UI says it lost the server and backs off; started again (new token) it says the token is refused, the new address gets in, and the killed run’s recording loads to its last event', async ({
    page,
  }) => {
    const dir = mkdtempSync(join(tmpdir(), 'socklab-chaos-'));
    const port = await freePort();
    const args = ['--port', String(port), '--recordings', dir];
    const first = await startApp({ args });
    apps.push(first);

    // Every event the page receives, by seq, from its first WebSocket (the session that will be killed).
    const seen: number[] = [];
    let sockets = 0;
    page.on('websocket', (ws) => {
      if (sockets++ > 0) return;
      ws.on('framereceived', ({ payload }) => {
        const event = JSON.parse(String(payload)) as { seq: number };
        seen.push(event.seq);
      });
    });

    const lab = new LabPage(page, first.url);
    await lab.goto();
    await lab.pickLesson('hello');
    await lab.setPort(0);
    await lab.stepUntil(4);
    await lab.expectCall('listen', 'server', 0);

    await first.kill();
    // The UI knows it lost the server, and keeps trying with growing waits (attempt 1, 2, …) while nothing listens.
    await expect(lab.connectionStatus).toHaveAttribute('data-state', /^(reconnecting|connecting)$/);
    await expect(lab.connectionStatus).toHaveAttribute('data-attempt', /^([2-9]|\d\d+)$/);
    await expect(lab.connectionStatus).toHaveAttribute('data-state', 'reconnecting');

    // The killed run's recording: everything the page saw of the run is in it, and it has no end line.
    const killed = latestRecording(dir);
    expect(killed, 'a recording of the killed run').toBeDefined();
    const recorded = new Set(killed?.recording.events.map((e) => e.seq));
    const start = killed?.recording.events.find((e) => e.type === 'lesson.start')?.seq ?? Number.POSITIVE_INFINITY;
    const ofRun = seen.filter((seq) => seq >= start);
    expect(ofRun.length).toBeGreaterThan(4);
    expect(ofRun.filter((seq) => !recorded.has(seq))).toEqual([]);
    expect(killed?.recording.ended).toBe(false);
    expect(killed?.recording.events.length).toBeGreaterThanOrEqual(ofRun.length);
    expect(killed?.recording.events.some((e) => e.type === 'syscall.exit' && e.syscall === 'listen')).toBe(true);

    // Started again on the same port with the same recordings: a new launch token, which the tab does not hold.
    const second = await startApp({ args });
    apps.push(second);
    expect(new URL(second.url).port).toBe(String(port));
    expect(second.url).not.toBe(first.url);
    await expect(lab.connectionStatus).toHaveAttribute('data-state', 'tokenRefused');
    await expect(page.getByTestId('token-refused')).toHaveText(en.tokenRefused);

    // The address the new launch printed gets in; its recordings still list the killed run.
    const again = new LabPage(page, second.url);
    await again.goto();
    await expect(again.connectionStatus).toHaveAttribute('data-state', 'open');
    const listed = await page.evaluate(async () => (await fetch('/api/recordings')).json());
    expect((listed as { name: string }[]).map((r) => r.name)).toContain(killed?.name);
  });
});
