import { hello, type Step } from '@socklab/lessons';
import { expect, test } from './fixtures.ts';

/** What the lesson expects the step's call to do, as the question's choice key. */
const expected = (step: Step) =>
  step.expect.blocks === true
    ? 'block'
    : typeof step.expect.errno === 'string'
      ? `errno:${step.expect.errno}`
      : 'return';
/** A choice the lesson says is wrong. */
const wrong = (step: Step) => (expected(step) === 'block' ? 'return' : 'block');

test('issue 11 item 5: predict mode scores one right and one wrong answer in hello, by keyboard only', async ({
  lab,
}) => {
  const { page } = lab;
  await lab.goto();
  await lab.pickLesson('hello');
  await lab.setPort(0);

  const toggle = page.getByTestId('predict-toggle');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');

  const question = page.getByTestId('predict-question');
  const score = page.getByTestId('predict-score');
  const reveal = page.getByTestId('predict-reveal');
  const picks = [expected(hello.steps[0]!), wrong(hello.steps[1]!)];
  for (const [index, pick] of picks.entries()) {
    await expect(question).toHaveAttribute('data-index', String(index));
    // The step waits for the prediction: neither the button nor → runs it.
    await expect(lab.stepButton).toBeDisabled();
    await page.keyboard.press('ArrowRight');
    await expect(lab.root).toHaveAttribute('data-next', String(index));

    // Choose with the keyboard: focus the radio, Space checks it, Tab reaches Predict, Enter submits.
    await question.getByTestId(`predict-choice-${pick}`).focus();
    await page.keyboard.press('Space');
    await expect(question.getByTestId(`predict-choice-${pick}`)).toBeChecked();
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('predict-submit')).toBeFocused();
    await page.keyboard.press('Enter');
    // The Step button takes the focus; Enter runs the step on the real kernel.
    await expect(lab.stepButton).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(lab.root).toHaveAttribute('data-next', String(index + 1));
    await expect(lab.root).toHaveAttribute('data-busy', 'false');
  }
  // The kernel's answer to bind() beside the prediction: it returned, the prediction was "blocks".
  await expect(reveal).toHaveAttribute('data-verdict', 'wrong');
  await expect(reveal).toContainText('You predicted: blocks (waits)');
  await expect(reveal).toContainText('The kernel: returns a value (≥ 0)');
  await expect(score).toHaveAttribute('data-right', '1');
  await expect(score).toHaveAttribute('data-total', '2');
  await expect(score).toHaveText('Predictions right: 1 of 2');

  // The step's why: its man page and the RFC 9293 section, opened by keyboard.
  const why = page.getByTestId('step-why');
  await expect(why.locator('summary')).toHaveText('Why? bind(2) · RFC 9293 §3.9.1.1');
  await why.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(why.getByRole('link', { name: 'Manual page bind(2)' })).toBeVisible();

  await lab.setLang('ko');
  await expect(score).toHaveText('맞힌 예측: 2개 중 1개');
  await expect(reveal).toContainText('커널의 답: 값을 반환한다 (≥ 0)');

  // The mode is kept across a reload, like the theme.
  await page.reload();
  await expect(page.getByTestId('predict-toggle')).toHaveAttribute('aria-pressed', 'true');
});
