import { readFileSync } from 'node:fs';
import { type BrowserContext, expect, test } from '@playwright/test';
import { type ClassApp, startClassApp } from './classServer.ts';
import { LabPage } from './pages/LabPage.ts';

const en = JSON.parse(readFileSync(new URL('../apps/web/src/i18n/en.json', import.meta.url), 'utf8')) as {
  class: { doing: string };
};

test.describe('class mode: student labs (issue 10, item 2; SECURITY.md #24)', () => {
  let app: ClassApp | undefined;
  let contexts: BrowserContext[] = [];
  test.afterEach(async () => {
    for (const context of contexts) await context.close();
    await app?.stop();
    contexts = [];
  });

  test("SECURITY 24: a student opens a lab of their own from the join page, runs hello in it while the teacher's lesson stays where it is; the teacher's roster shows the lab's lesson and step and ends it", async ({
    browser,
  }) => {
    app = await startClassApp({ labs: true });
    const labJoinUrl = app.labJoinUrl ?? '';
    expect(labJoinUrl).toMatch(/\?view=[\w-]+&lab=[\w-]+$/);
    contexts = [await browser.newContext(), await browser.newContext()];
    const [teacherContext, studentContext] = contexts as [BrowserContext, BrowserContext];
    const teacher = new LabPage(await teacherContext.newPage(), app.url);
    await teacher.goto();
    await teacher.pickLesson('hello');
    await teacher.stepUntil(2);

    // The join page follows the teacher, and offers a lab of the student's own.
    const student = new LabPage(await studentContext.newPage(), labJoinUrl);
    await student.join('Mina');
    await expect(student.root).toHaveAttribute('data-role', 'viewer');
    await student.expectShown(2, true);
    await student.page.getByTestId('open-own-lab').click();
    await expect(student.root).toHaveAttribute('data-role', 'lab');
    await expect(student.connectionStatus).toHaveAttribute('data-state', 'open');
    await expect(student.page.getByTestId('own-lab-banner')).toBeVisible();
    await student.pickLesson('hello');
    await student.stepUntil(4);
    await expect(student.root).toHaveAttribute('data-lesson-port', '4000');
    await student.expectCall('listen', 'server', 0);
    // The teacher's lesson did not move.
    await expect(teacher.root).toHaveAttribute('data-next', '2');

    // The roster: the lab, at hello's 5th step (the next one); End closes it, and the student's page says so.
    await teacher.page.getByTestId('class-button').click();
    await expect(teacher.page.getByTestId('class-labs')).toBeVisible();
    const lab = teacher.page.locator('[data-testid="class-member"][data-kind="lab"]');
    await expect(lab).toContainText(en.class.doing.replace('{{lesson}}', 'hello').replace('{{step}}', '5'), {
      timeout: 15_000,
    });
    await lab.getByTestId('class-member-end').click();
    await expect(student.connectionStatus).toHaveAttribute('data-state', 'ended');
    await expect(lab).toHaveCount(0, { timeout: 15_000 });

    // Back to following the teacher.
    await student.page.getByTestId('follow-teacher').click();
    await expect(student.root).toHaveAttribute('data-role', 'viewer');
    await student.expectShown(2, true);
  });
});
