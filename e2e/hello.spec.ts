import { createServer, type Server } from 'node:net';
import { addrInUse, hello } from '@socklab/lessons';
import { expect, test } from './fixtures.ts';

/** A listener of this test process, so that the lesson's bind() finds its port taken. */
async function occupyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`unexpected address ${String(address)}`);
  return { port: address.port, server };
}

test.describe('hello lesson on the real kernel', () => {
  test.beforeEach(async ({ lab }) => {
    await lab.goto();
    await lab.pickLesson('hello');
    await lab.setPort(0);
  });

  test('every call shows the real return value, and the client prints the greeting', async ({ lab }) => {
    const steps = await lab.stepToEnd();
    expect(steps).toBe(hello.steps.length);

    const [listenerFd] = await lab.returnsOf('socket', 'server');
    expect(listenerFd).toBeGreaterThanOrEqual(3);
    await lab.expectCall('bind', 'server', 0);
    await lab.expectCall('listen', 'server', 0);
    const [acceptedFd] = await lab.returnsOf('accept', 'server');
    expect(acceptedFd).toBeGreaterThanOrEqual(3);
    expect(acceptedFd).not.toBe(listenerFd);
    const [clientFd] = await lab.returnsOf('socket', 'client');
    expect(clientFd).toBeGreaterThanOrEqual(3);
    await lab.expectCall('connect', 'client', 0);
    await lab.expectCall('write', 'server', 13);
    await lab.expectCall('read', 'client', 13);
    expect(await lab.returnsOf('close', 'client')).toEqual([0]);
    expect(await lab.returnsOf('close', 'server')).toEqual([0, 0]);
    await expect(lab.callRows).toHaveCount(hello.steps.length);

    await expect(lab.stdout('client')).toContainText('Message from server: Hello World!');
    // Every socket ends closed, greyed out.
    await expect(lab.page.getByTestId('socket-card')).toHaveCount(3);
    await expect(lab.page.locator('[data-testid="socket-card"][data-closed="false"]')).toHaveCount(0);
  });

  test('accept() blocks until the client connects', async ({ lab }) => {
    const acceptStep = hello.steps.findIndex((s) => s.call.syscall === 'accept');
    const connectStep = hello.steps.findIndex((s) => s.call.syscall === 'connect');
    await lab.stepUntil(acceptStep + 1);
    await expect(lab.blocked('server')).toBeVisible();
    await expect(lab.blocked('server')).toHaveAttribute('data-syscall', 'accept');
    await expect(lab.calls('accept', 'server')).not.toHaveAttribute('data-ret', /./);
    await expect(lab.page.locator('[data-testid="socket-card"][data-tcp="LISTEN"]')).toHaveCount(1);

    await lab.stepUntil(connectStep + 1);
    await expect(lab.blocked('server')).toHaveCount(0);
    await expect(lab.calls('accept', 'server')).toHaveAttribute('data-blocked', 'true');
    await expect(lab.calls('accept', 'server')).toHaveAttribute('data-ret', /^\d+$/);
    await expect(lab.page.locator('[data-testid="socket-card"][data-tcp="ESTABLISHED"]')).toHaveCount(2);
  });

  test('the kernel agrees with every lesson check: no mismatch warning', async ({ lab }) => {
    await lab.stepToEnd();
    await expect(lab.checkStatus).toHaveAttribute('data-checks', String(hello.steps.length));
    await expect(lab.checkStatus).toHaveAttribute('data-mismatches', '0');
    await expect(lab.checkWarnings).toHaveCount(0);
    await expect(lab.page.getByTestId('lesson-ended')).toBeVisible();
    await expect(lab.page.getByTestId('error-toast')).toHaveCount(0);
  });

  test('reset starts the lesson over; the narration follows the language', async ({ lab }) => {
    await lab.setLang('en');
    await lab.step();
    await expect(lab.narration).toHaveText(hello.steps[0]!.narration.en);
    await lab.setLang('ko');
    await expect(lab.narration).toHaveText(hello.steps[0]!.narration.ko);
    await lab.resetButton.click();
    await expect(lab.callRows).toHaveCount(0);
    await expect(lab.root).toHaveAttribute('data-next', '0');
    await lab.step();
    await expect(lab.callRows).toHaveCount(1);
  });

  test('a port in use inside the lab: bind() shows -1 EADDRINUSE in red', async ({ lab }) => {
    await lab.pickLesson('addr-in-use');
    await lab.setLang('en');
    const second = addrInUse.steps.findIndex((s) => s.actor === 'server2' && s.call.syscall === 'bind');
    await lab.stepUntil(second + 1);
    await lab.showPanel('calls');
    const bind = lab.calls('bind', 'server2');
    await expect(bind).toHaveAttribute('data-ret', '-1');
    await expect(bind).toHaveAttribute('data-errno', 'EADDRINUSE');
    await expect(bind.locator('.call-ret')).toHaveText(/^= -1 EADDRINUSE \(.+\)$/);
    await expect(bind.locator('.call-ret')).toHaveCSS('color', 'rgb(192, 54, 44)');
    // The lesson teaches this failure: the kernel agreed with it.
    await expect(lab.checkStatus).toHaveAttribute('data-mismatches', '0');
  });
});

test('ISO-2: on a shared network a held port moves the lesson to the next free one, and says what holds it', async ({
  labWithoutCapture,
}) => {
  const lab = labWithoutCapture;
  const { port, server } = await occupyPort();
  try {
    await lab.goto();
    await lab.pickLesson('hello');
    await lab.setLang('en');
    await lab.portInput.fill(String(port));
    await lab.portInput.press('Enter');
    await expect(lab.root).toHaveAttribute('data-next', '0');
    await expect(lab.root).not.toHaveAttribute('data-lesson-port', String(port));
    await expect(lab.page.getByTestId('lesson-moved')).toContainText(`Port ${port} is held on this machine (LISTEN)`);
    await lab.step(); // socket()
    await lab.step(); // bind()
    await lab.expectCall('bind', 'server', 0);
    await expect(lab.checkStatus).toHaveAttribute('data-mismatches', '0');
  } finally {
    server.close();
  }
});
