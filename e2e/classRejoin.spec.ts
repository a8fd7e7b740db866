import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, expect, test } from '@playwright/test';
import { type ClassApp, startClassApp } from './classServer.ts';
import { LabPage } from './pages/LabPage.ts';
import { freePort, latestRecording } from './restart.ts';

const en = JSON.parse(readFileSync(new URL('../apps/web/src/i18n/en.json', import.meta.url), 'utf8')) as {
  class: { ended: string; joinRefused: string; labRefused: string };
};

const hostileName = '<img src=x onerror=alert(1)>';

test.describe('class mode: a restart of the server (issue 10, item 4; SECURITY.md #25)', () => {
  let apps: ClassApp[] = [];
  let contexts: BrowserContext[] = [];
  test.afterEach(async () => {
    for (const context of contexts) await context.close();
    for (const app of apps) await app.stop();
    apps = [];
    contexts = [];
  });

  test("SECURITY 25, CLASS-7 (two viewers): SIGKILL mid-lesson, started again: each viewer rejoins the killed run from its recording, at its own step; the teacher's new session takes the live one along; the roster's names are text; SECURITY 28: End sticks, a new join code refuses the old URL", async ({
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
    const names = [hostileName, '민아'];
    const viewers: LabPage[] = [];
    for (const [i, context] of viewerContexts.entries()) {
      const viewer = new LabPage(await context.newPage(), first.joinUrl);
      await viewer.join(names[i]);
      viewers.push(viewer);
    }
    const [follower, looker] = viewers as [LabPage, LabPage];
    await teacher.stepUntil(4);
    for (const viewer of viewers) await viewer.expectShown(4, true);
    // One viewer looks back to step 2 on its own cursor; the other follows live.
    await looker.backButton.click();
    await looker.backButton.click();
    await looker.expectShown(2, false);

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
    // The viewers come back by their own backoff, on the same page, into the killed run from its recording:
    // labelled as before the restart, each at the step it was on.
    for (const viewer of viewers) {
      await expect(viewer.connectionStatus).toHaveAttribute('data-state', 'open');
      await expect(viewer.page.getByTestId('viewer-banner')).toHaveAttribute('data-state', 'history');
      await expect(viewer.root).toHaveAttribute('data-replay', 'true');
      await expect(viewer.page.getByTestId('replay-facts')).toContainText(killed?.name ?? '?');
      await expect(viewer.page.getByTestId('replay-cut')).toBeVisible();
    }
    await expect(follower.root).toHaveAttribute('data-shown-step', '4');
    await expect(looker.root).toHaveAttribute('data-shown-step', '2');
    await expect(teacher.connectionStatus).toHaveAttribute('data-state', 'tokenRefused');

    // The teacher's new session: the viewer that followed live follows it; the one looking back stays, and can go live.
    const again = new LabPage(teacher.page, second.url);
    await again.goto();
    await again.pickLesson('hello');
    await again.setPort(0);
    await again.stepUntil(2);
    await follower.expectShown(2, true);
    await expect(follower.page.getByTestId('viewer-banner')).toHaveAttribute('data-state', 'live');
    await expect(looker.page.getByTestId('viewer-banner')).toHaveAttribute('data-state', 'history');
    await expect(looker.root).toHaveAttribute('data-shown-step', '2');
    await looker.page.getByTestId('back-to-live').click();
    await looker.expectShown(2, true);
    // And steps back into what came before: the killed run, at its end.
    await follower.page.getByTestId('before-restart').click();
    await expect(follower.page.getByTestId('viewer-banner')).toHaveAttribute('data-state', 'history');
    await expect(follower.root).toHaveAttribute('data-shown-step', '4');
    await follower.page.getByTestId('back-to-live').click();
    await follower.expectShown(2, true);
    const listed = await teacher.page.evaluate(async () => (await fetch('/api/recordings')).json());
    expect((listed as { name: string }[]).map((r) => r.name)).toContain(killed?.name);

    // The roster names both viewers, the hostile name as text (SECURITY.md test 17): no element made of it.
    await teacher.page.getByTestId('class-button').click();
    const members = teacher.page.getByTestId('class-member');
    await expect(members).toHaveCount(2);
    // In any order: the two viewers rejoined at once, and the roster lists them as they came back.
    await expect(teacher.page.getByTestId('class-member-name').filter({ hasText: hostileName })).toHaveCount(1);
    await expect(teacher.page.getByTestId('class-member-name').filter({ hasText: '민아' })).toHaveCount(1);
    await expect(teacher.page.getByTestId('class-member-name').filter({ hasText: hostileName })).toHaveText(
      hostileName,
    );
    await expect(teacher.page.getByTestId('class-roster').locator('img')).toHaveCount(0);

    // "End" ends the first; its page says so, and neither a reload nor the same join URL gets it back.
    await members.filter({ hasText: hostileName }).getByTestId('class-member-end').click();
    await expect(members).toHaveCount(1);
    await expect(follower.connectionStatus).toHaveAttribute('data-state', 'ended');
    await expect(follower.page.getByTestId('class-ended')).toHaveText(en.class.ended);
    await follower.page.reload();
    await expect(follower.connectionStatus).toHaveAttribute('data-state', 'ended');
    await expect(follower.page.getByTestId('class-ended')).toHaveText(en.class.ended);
    const sameBrowser = new LabPage(await viewerContexts[0].newPage(), first.joinUrl);
    await sameBrowser.page.goto(first.joinUrl);
    await sameBrowser.submitJoin();
    await expect(sameBrowser.page.getByTestId('join-problem')).toHaveText(en.class.ended);
    await again.step();
    await looker.expectShown(3, true);

    // A new join code: the one left is ended with it, its page says the URL is replaced; the old URL is refused.
    await teacher.page.getByTestId('class-new-code').click();
    await teacher.page.getByTestId('class-new-code-confirm').click();
    await expect(looker.connectionStatus).toHaveAttribute('data-state', 'joinRefused');
    await expect(looker.page.getByTestId('class-join-refused')).toHaveText(en.class.joinRefused);
    await expect(members).toHaveCount(0);
    const newUrl = (await teacher.page.getByTestId('class-join-url').locator('code').textContent()) ?? '';
    expect(newUrl).toMatch(/\?view=[\w-]+$/);
    expect(newUrl).not.toContain(first.joinUrl);
    const stranger = new LabPage(await (await browser.newContext()).newPage(), first.joinUrl);
    contexts.push(stranger.page.context());
    await stranger.page.goto(first.joinUrl);
    await stranger.submitJoin('Late');
    await expect(stranger.page.getByTestId('join-problem')).toHaveText(en.class.joinRefused);
    // The new URL gets in, and the teacher's roster names it.
    const newcomer = new LabPage(stranger.page, newUrl.trim());
    await newcomer.join('Late');
    await newcomer.expectShown(3, true);
    await expect(teacher.page.getByTestId('class-member-name')).toHaveText(['Late']);
  });

  test('SECURITY 27, CLASS-8: the join page refuses an over-long or control-character name with one clear message', async ({
    browser,
  }) => {
    const app = await startClassApp();
    apps.push(app);
    contexts = [await browser.newContext()];
    const viewer = new LabPage(await (contexts[0] as BrowserContext).newPage(), app.joinUrl);
    await viewer.page.goto(app.joinUrl);
    await viewer.submitJoin('x'.repeat(41));
    await expect(viewer.page.getByTestId('join-problem')).toHaveText('A name is at most 40 characters.');
    await viewer.submitJoin('Mi\tna');
    await expect(viewer.page.getByTestId('join-problem')).toHaveText(/control characters/);
    await expect(viewer.page.getByTestId('lab')).toHaveCount(0);
    await viewer.submitJoin('Mina');
    await expect(viewer.connectionStatus).toHaveAttribute('data-state', 'open');
  });

  test('CLASS-6, SECURITY 25: a student lab of the last launch stops after a restart and says how to open a new one (no retry loop)', async ({
    browser,
  }) => {
    const recordings = mkdtempSync(join(tmpdir(), 'socklab-e2e-rejoin-lab-'));
    const port = await freePort();
    const first = await startClassApp({ port, recordings, labs: true });
    apps.push(first);
    contexts = [await browser.newContext()];
    const student = new LabPage(await (contexts[0] as BrowserContext).newPage(), first.labJoinUrl ?? '');
    await student.join('Mina');
    await student.page.getByTestId('open-own-lab').click();
    await expect(student.root).toHaveAttribute('data-role', 'lab');
    await expect(student.connectionStatus).toHaveAttribute('data-state', 'open');
    await first.kill();
    const second = await startClassApp({ port, recordings, labs: true });
    apps.push(second);
    expect(second.joinUrl).toBe(first.joinUrl);
    expect(second.labJoinUrl).not.toBe(first.labJoinUrl);
    await expect(student.connectionStatus).toHaveAttribute('data-state', 'labRefused');
    await expect(student.page.getByTestId('class-lab-refused')).toHaveText(en.class.labRefused);
    // It stopped, with nothing to retry (connectionMachine.test.ts proves no timer is left).
    await expect(student.page.getByTestId('retry-now')).toHaveCount(0);
    // "Follow the teacher" goes back to the class on the kept join code.
    await student.page.getByTestId('follow-teacher').click();
    await expect(student.root).toHaveAttribute('data-role', 'viewer');
    await expect(student.connectionStatus).toHaveAttribute('data-state', 'open');
  });
});
