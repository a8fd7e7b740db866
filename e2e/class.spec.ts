import { type Browser, test as base, expect } from '@playwright/test';
import { type ClassApp, startClassApp } from './classServer.ts';
import { LabPage } from './pages/LabPage.ts';

const test = base.extend<object, { classApp: ClassApp }>({
  classApp: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a fixture needs from this pattern
    async ({}, use) => {
      const app = await startClassApp();
      try {
        await use(app);
      } finally {
        await app.stop();
      }
    },
    { scope: 'worker' },
  ],
});

/** The teacher and one student, each in a browser context of its own (two devices); the teacher at lesson `hello`. */
async function classroom(browser: Browser, app: ClassApp) {
  const contexts = [await browser.newContext(), await browser.newContext()] as const;
  const teacher = new LabPage(await contexts[0].newPage(), app.url);
  await teacher.goto();
  await teacher.pickLesson('hello');
  const join = async (): Promise<LabPage> => {
    const viewer = new LabPage(await contexts[1].newPage(), app.joinUrl);
    await viewer.join();
    await expect(viewer.root).toHaveAttribute('data-role', 'viewer');
    await expect(viewer.connectionStatus).toHaveAttribute('data-state', 'open');
    return viewer;
  };
  const close = async () => {
    for (const context of contexts) await context.close();
  };
  return { teacher, join, close };
}

test.describe('class mode: viewers follow the teacher (issue 10)', () => {
  test("CLASS-3, SECURITY 23: a viewer sees the teacher's steps appear live, has no controls, and its own step is refused", async ({
    browser,
    classApp,
  }) => {
    const { teacher, join, close } = await classroom(browser, classApp);
    const viewer = await join();
    await expect(viewer.root).toHaveAttribute('data-lesson', 'hello');
    await expect(viewer.page.getByTestId('viewer-banner')).toHaveAttribute('data-state', 'live');
    // Hidden, not disabled.
    for (const id of ['step-button', 'play-button', 'reset-button', 'lesson-picker', 'port-input', 'speed-select']) {
      await expect(viewer.page.getByTestId(id)).toHaveCount(0);
    }
    for (const step of [1, 2, 3]) {
      await teacher.step();
      await viewer.expectShown(step, true);
    }
    await expect(viewer.calls('bind', 'server')).toHaveCount(1);
    // Space and → at the head run a step for the teacher; for a viewer they run nothing.
    await viewer.page.keyboard.press('Space');
    await viewer.page.keyboard.press('ArrowRight');
    await viewer.expectShown(3, true);
    await expect(teacher.root).toHaveAttribute('data-shown-step', '3');
    // A hand-made step command on the viewer's own connection is refused, and the teacher's lesson does not move.
    const refusal = await viewer.page.evaluate(async (joinUrl) => {
      const token = new URL(joinUrl).searchParams.get('view') ?? '';
      const ws = new WebSocket(`ws://${location.host}/ws?view=${token}`);
      return await new Promise<string>((resolve) => {
        ws.onopen = () => ws.send(JSON.stringify({ type: 'lesson.step' }));
        ws.onmessage = (m) => {
          const event = JSON.parse(String(m.data)) as { type: string; code?: string };
          if (event.type === 'error') resolve(event.code ?? '');
        };
      });
    }, classApp.joinUrl);
    expect(refusal).toBe('SOCKLAB_ERR_VIEWER');
    await expect(teacher.root).toHaveAttribute('data-next', '3');
    await teacher.step();
    await viewer.expectShown(4, true);
    await close();
  });

  test('CLASS-1, CLASS-3: a viewer who joins after step 6 sees steps 1–6 at once and steps back to step 2 while the teacher goes on', async ({
    browser,
    classApp,
  }) => {
    const { teacher, join, close } = await classroom(browser, classApp);
    await teacher.stepUntil(6);
    const viewer = await join();
    await viewer.expectShown(6, true);
    for (let index = 0; index < 5; index++) await expect(viewer.stepDot(index)).toHaveAttribute('data-state', 'ran');
    await expect(viewer.stepDot(5)).toHaveAttribute('data-state', 'now');
    // Back to step 2 on the viewer's own cursor.
    for (let shown = 5; shown >= 2; shown--) {
      await viewer.backButton.click();
      await viewer.expectShown(shown, false);
    }
    await expect(viewer.page.getByTestId('viewer-banner')).toHaveAttribute('data-state', 'past');
    // The class goes on: the teacher's steps arrive, and the viewer stays where it looks.
    await teacher.step();
    await teacher.step();
    await expect(viewer.root).toHaveAttribute('data-next', '8');
    await viewer.expectShown(2, false);
    await viewer.page.getByTestId('back-to-live').click();
    await viewer.expectShown(8, true);
    await close();
  });

  test('the teacher sees the join URL and its QR code', async ({ browser, classApp }) => {
    const context = await browser.newContext();
    const teacher = new LabPage(await context.newPage(), classApp.url);
    await teacher.goto();
    await teacher.page.getByTestId('class-button').click();
    await expect(teacher.page.getByTestId('class-join-url')).toContainText(classApp.joinUrl);
    const qr = teacher.page.getByTestId('class-qr');
    await expect(qr).toBeVisible();
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await context.close();
  });
});
