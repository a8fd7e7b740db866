import { handshake, hello, type Lesson } from '@socklab/lessons';
import { expect, test } from './fixtures.ts';
import { compileSeedClient, runShownCommand } from './outsideProgram.ts';

const noCapture = 'packet capture is off: session.hello says this server has no CAP_NET_RAW';
const stepOf = (lesson: Lesson, syscall: string) => lesson.steps.findIndex((s) => s.call.syscall === syscall);

test.describe('kernel truth in the handshake lesson', () => {
  test.beforeEach(async ({ lab }) => {
    await lab.goto();
    await lab.pickLesson('handshake');
    await lab.setPort(0);
  });

  test('connect(): SYN, SYN-ACK, ACK on the wire, attributed to connect(), decoded on click', async ({ lab }) => {
    test.skip(!(await lab.captureAvailable()), noCapture);
    await lab.stepUntil(stepOf(handshake, 'connect') + 1);
    await lab.showPanel('wire');
    const connectPackets = lab.packetsOf('connect');
    await expect(connectPackets).toHaveCount(3);
    expect(await lab.flagsOf(connectPackets)).toEqual(['SYN', 'SYN,ACK', 'ACK']);
    // Nothing before connect() touched the wire.
    await expect(lab.wirePackets).toHaveCount(3);

    await connectPackets.first().click();
    await expect(lab.packetDetails).toBeVisible();
    await expect(lab.packetDetails.locator('[data-field="seq"]')).toContainText('0');
    await expect(lab.packetDetails.locator('[data-field="options"]')).toContainText('MSS');
  });

  test('connect(): the kernel queues an ESTABLISHED child with no fd; accept() gives it one', async ({ lab }) => {
    await lab.stepUntil(stepOf(handshake, 'connect') + 1);
    await lab.showPanel('kernel');
    await expect(lab.kernelPanel).toHaveAttribute('data-source', /^(sock_diag|proc)$/);
    const listener = lab.kernelRow({ state: 'LISTEN' });
    await expect(listener).toHaveAttribute('data-recvq', '1');
    await expect(listener).toHaveAttribute('data-sendq', '5');
    await expect(lab.page.getByTestId('listener-caption')).toBeVisible();
    const queued = lab.kernelRow({ state: 'ESTABLISHED', fd: 'none' });
    await expect(queued).toHaveCount(1);
    await expect(queued).toHaveAttribute('data-owner', 'lab');
    await expect(queued).toHaveAttribute('data-change', 'new');

    await lab.step(); // accept()
    const [acceptedFd] = await lab.returnsOf('accept', 'server');
    await lab.socketCard(acceptedFd!).click();
    await expect(lab.socketCard(acceptedFd!)).toHaveAttribute('data-selected', 'true');
    await expect(lab.stateDiagram).toHaveAttribute('data-current', 'ESTABLISHED');
    // It came from the listener: LISTEN → SYN_RECEIVED → ESTABLISHED, SYN_RECEIVED too fast to observe.
    await expect(lab.stateDiagram).toHaveAttribute('data-path', 'LISTEN SYN_RECEIVED ESTABLISHED');
    await expect(lab.kernelRow({ state: 'ESTABLISHED', fd: acceptedFd! })).toHaveCount(1);
    await expect(lab.kernelRow({ state: 'ESTABLISHED', fd: 'none' })).toHaveCount(0);
  });

  test('at the end: TIME_WAIT with its timer, held by no fd; the diagram follows it', async ({ lab }) => {
    test.slow(); // it runs the whole lesson
    await lab.stepToEnd();
    await lab.showPanel('kernel');
    const timeWait = lab.kernelRow({ state: 'TIME_WAIT' });
    await expect(timeWait).toHaveCount(1);
    await expect(timeWait).toHaveAttribute('data-fd', 'none');
    await expect(timeWait).toHaveAttribute('data-timer', 'timewait');
    await expect(timeWait.getByTestId('kernel-timer')).toHaveText(/^timewait \d+(\.\d)?s/);
    await expect(lab.kernelPanel.getByTestId('kernel-row-gone')).toHaveCount(1);

    await timeWait.click();
    await expect(lab.stateDiagram).toHaveAttribute('data-current', 'TIME_WAIT');
    await expect(lab.stateDiagram).toHaveAttribute('data-from', /^FIN_WAIT_[12]$/);
  });
});

test('ISO-1, OUT-1: the seed’s own client, compiled, joins the lab with the command the UI shows and gets the greeting', async ({
  lab,
}) => {
  await lab.goto();
  await lab.pickLesson('hello');
  await lab.setPort(0);
  const capture = await lab.captureAvailable();
  await lab.stepUntil(stepOf(hello, 'accept') + 1);
  await expect(lab.blocked('server')).toHaveAttribute('data-syscall', 'accept');
  await expect(lab.ncHint).toContainText(/nc 127\.0\.0\.1 \d+/);
  const shown = /((?:sudo nsenter --net=\S+ )?nc 127\.0\.0\.1 \d+)/.exec((await lab.ncHint.textContent()) ?? '')?.[1];
  expect(shown).toBeDefined();

  const seed = runShownCommand(shown as string, compileSeedClient());
  try {
    // The kernel completes its handshake and wakes the blocked accept().
    await expect(lab.blocked('server')).toHaveCount(0);
    await expect(lab.calls('accept', 'server')).toHaveAttribute('data-ret', /^\d+$/);
    await expect(lab.calls('accept', 'server')).toHaveAttribute('data-blocked', 'true');
    // The lesson says whose connection it is.
    await lab.setLang('en');
    await expect(lab.page.getByTestId('lesson-outside')).toContainText(/the connection of hello_client \(pid \d+\)/);

    await lab.showPanel('kernel');
    const theirs = lab.kernelRow({ owner: 'outside' });
    await expect(theirs).toHaveCount(1);
    await expect(theirs).toHaveAttribute('data-state', 'ESTABLISHED');
    await expect(theirs).toHaveAttribute('data-holder', 'outside');
    await expect(lab.kernelRow({ state: 'ESTABLISHED', owner: 'lab' })).toHaveCount(1);
    if (capture) {
      // Its handshake came while no call ran, from its own column.
      await lab.showPanel('wire');
      expect(await lab.flagsOf(lab.packetsOf(''))).toEqual(expect.arrayContaining(['SYN', 'SYN,ACK', 'ACK']));
    }
    // The server writes its greeting to the connection accept() returned: the seed's client's.
    await lab.stepUntil(stepOf(hello, 'write') + 1);
    await expect.poll(seed.output).toContain('Message from server: Hello World!');
    expect(await seed.exited).toBe(0);
    // The lesson's own client now waits in read() for bytes that went to the other program:
    // Step says why it cannot go on, instead of stacking errors.
    await lab.step();
    await expect(lab.page.getByTestId('lesson-stuck')).toContainText('Client is blocked in read()');
    await expect(lab.stepButton).toBeDisabled();
  } finally {
    seed.child.kill();
  }
});

test('without CAP_NET_RAW the wire panel says how to turn capture on; the rest works', async ({
  labWithoutCapture,
}) => {
  const lab = labWithoutCapture;
  await lab.goto();
  test.skip(await lab.captureAvailable(), 'this server can capture packets even without root (setcap on node?)');
  await lab.setLang('en');
  await lab.showPanel('wire');
  await expect(lab.captureOffNote).toBeVisible();
  await expect(lab.captureOffNote).toContainText('sudo');
  await expect(lab.captureOffNote).toContainText('setcap cap_net_raw+ep $(readlink -f $(which node))');
  await lab.setLang('ko');
  await expect(lab.captureOffNote).toContainText('sudo');

  await lab.setPort(0);
  await lab.step();
  await lab.step();
  await lab.step(); // socket, bind, listen
  await expect(lab.stateDiagram).toHaveAttribute('data-current', 'LISTEN');
  await expect(lab.wirePackets).toHaveCount(0);
});
