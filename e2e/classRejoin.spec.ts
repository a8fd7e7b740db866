import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, expect, test } from '@playwright/test';
import { type ClassApp, startClassApp } from './classServer.ts';
import { LabPage } from './pages/LabPage.ts';
import { freePort, latestRecording } from './restart.ts';

const en = JSON.parse(readFileSync(new URL('../apps/web/src/i18n/en.json', import.meta.url), 'utf8')) as {
  class: { ended: string };
};

test.describe('class mode: a restart of the server (issue 10, item 4; SECURITY.md #25)', () => {
  let apps: ClassApp[] = [];
  let contexts: BrowserContext[] = [];
  test.afterEach(async () => {
    for (const context of contexts) await context.close();
    for (const app of apps) await app.stop();
    apps = [];
    contexts = [];
  });

  test("SECURITY 25 (two viewers): SIGKILL mid-lesson, started again: the viewers rejoin by themselves (the kept class token), the teacher's tab says its token is refused, the new address gets in, the viewers follow it, the killed run's recording loads; the roster ends one viewer", async ({
    browser,
  }) => {
    const recordings = mkdtempSync(join(tmpdir(), 'socklab-e2e-rejoin-'));
    const port = await freePort();
    const first = await startClassApp({ port, recordings });
    apps.push(first);
    contexts = [await browser.newContext(), await browser.newContext(), await browser.newContext()];
    const [teacherContext, ...viewerContexts] = contexts as [BrowserContext, BrowserContext, BrowserContext];
    const teacher = new LabPage(await teacherContext.newPage(), first.url);
    await teacher.goto();
    await teacher.pickLesson('hello');
    await teacher.setPort(0);
    const viewers: LabPage[] = [];
    for (const context of viewerContexts) {
      const viewer = new LabPage(await context.newPage(), first.joinUrl);
      await viewer.page.goto(first.joinUrl);
      await expect(viewer.connectionStatus).toHaveAttribute('data-state', 'open');
      viewers.push(viewer);
    }
    await teacher.stepUntil(4);
    for (const viewer of viewers) await viewer.expectShown(4, true);

    await first.kill();
    for (const viewer of viewers) {
      await expect(viewer.connectionStatus).toHaveAttribute('data-state', /^(reconnecting|connecting)$/);
    }
    // The killed run's recording: written up to its last complete event, with no end line.
    const killed = latestRecording(recordings);
    expect(killed?.recording.ended).toBe(false);
    expect(killed?.recording.events.some((e) => e.type === 'syscall.exit' && e.syscall === 'listen')).toBe(true);

    // Started again on the same port and folder: a new launch token, the same viewer token (kept with mode 0600).
    const second = await startClassApp({ port, recordings });
    apps.push(second);
    expect(second.url).not.toBe(first.url);
    expect(second.joinUrl).toBe(first.joinUrl);
    // The viewers come back by their own backoff, on the same page; the teacher's old tab is refused.
    for (const viewer of viewers) await expect(viewer.connectionStatus).toHaveAttribute('data-state', 'open');
    await expect(teacher.connectionStatus).toHaveAttribute('data-state', 'tokenRefused');

    const again = new LabPage(teacher.page, second.url);
    await again.goto();
    await again.pickLesson('hello');
    await again.setPort(0);
    await again.stepUntil(2);
    for (const viewer of viewers) await viewer.expectShown(2, true);
    const listed = await teacher.page.evaluate(async () => (await fetch('/api/recordings')).json());
    expect((listed as { name: string }[]).map((r) => r.name)).toContain(killed?.name);

    // The roster lists both viewers; "End" ends one, whose page says so and does not come back.
    await teacher.page.getByTestId('class-button').click();
    const members = teacher.page.getByTestId('class-member');
    await expect(members).toHaveCount(2);
    await members.first().getByTestId('class-member-end').click();
    await expect(members).toHaveCount(1);
    const states = async () => Promise.all(viewers.map((v) => v.connectionStatus.getAttribute('data-state')));
    await expect.poll(states).toContain('ended');
    const ended = viewers[(await states()).indexOf('ended')] as LabPage;
    const kept = viewers[(await states()).indexOf('open')] as LabPage;
    await expect(ended.page.getByTestId('class-ended')).toHaveText(en.class.ended);
    await again.step();
    await kept.expectShown(3, true);
    await expect(ended.connectionStatus).toHaveAttribute('data-state', 'ended');
  });
});
