import { expect, test } from './fixtures.ts';
import type { LabPage } from './pages/LabPage.ts';
import { MotionProbe, type Played } from './pages/MotionProbe.ts';

/** Every kind planned and every animation and token started, over what was seen. */
const union = (seen: readonly Played[]) => ({
  kinds: new Set(seen.flatMap((p) => p.kinds)),
  animations: new Set(seen.flatMap((p) => p.animations)),
  tokens: new Set(seen.flatMap((p) => p.tokens)),
  motions: new Set(seen.map((p) => p.motion)),
});

/** One step, and what the stage moved for it. */
async function stepSeen(lab: LabPage, probe: MotionProbe) {
  await probe.take();
  await lab.step();
  await expect(probe.layer).toHaveAttribute('data-motion', 'play');
  return union(await probe.take());
}

/** The value the C panel shows beside an actor's line: its variable, its return value, its errno. */
const lineValue = (lab: LabPage, actor: 'server' | 'client', variable: string) =>
  lab.code(actor).locator(`[data-testid="line-value"][data-variable="${variable}"]`);

test.describe('MOTION-1, CODE-1: the stage moves what the kernel reported', () => {
  test.beforeEach(async ({ lab }) => {
    await lab.goto();
    await lab.pickLesson('hello');
    await lab.setPort(0);
  });

  test('hello: socket, address, queue, handshake and accept() move one step at a time; the C panel shows the real fds', async ({
    lab,
  }) => {
    const probe = new MotionProbe(lab.page);
    await probe.install();
    const capture = await lab.captureAvailable();

    const socket = await stepSeen(lab, probe);
    expect([...socket.animations]).toContain('socket.appear');
    const [listenerFd] = await lab.returnsOf('socket', 'server');
    await expect(lineValue(lab, 'server', 'server_socket')).toHaveAttribute('data-ret', String(listenerFd));
    await expect(lineValue(lab, 'server', 'server_socket')).toHaveText(`server_socket = ${listenerFd}`);

    expect([...(await stepSeen(lab, probe)).animations]).toContain('address.attach');
    expect([...(await stepSeen(lab, probe)).animations]).toContain('queue.open');
    const accept = await stepSeen(lab, probe);
    expect([...accept.kinds]).toEqual(['call.block']);
    await expect(lab.code('server').locator('.code-line.is-blocked .blocked-marker')).toBeVisible();
    await stepSeen(lab, probe);

    const connect = await stepSeen(lab, probe);
    expect([...connect.kinds]).toEqual(expect.arrayContaining(['queue.fill', 'queue.take', 'socket.appear']));
    expect([...connect.animations]).toEqual(expect.arrayContaining(['queue.fill', 'socket.appear']));
    if (capture) expect([...connect.tokens]).toEqual(expect.arrayContaining(['SYN', 'SYN+ACK', 'ACK']));
    else expect([...connect.kinds]).not.toContain('packet.fly');
    const [acceptedFd] = await lab.returnsOf('accept', 'server');
    await expect(lineValue(lab, 'server', 'client_socket')).toHaveText(`client_socket = ${acceptedFd}`);

    const write = await stepSeen(lab, probe);
    expect([...write.kinds]).toEqual(expect.arrayContaining(['bytes.send', 'bytes.arrive']));
    expect([...write.tokens]).toContain('13 B');
    const read = await stepSeen(lab, probe);
    expect([...read.kinds]).toContain('bytes.read');
    await expect(lineValue(lab, 'client', 'str_len')).toHaveText('str_len = 13');

    const close = await stepSeen(lab, probe);
    expect([...close.kinds]).toContain('socket.close');
    if (capture) expect([...close.tokens]).toContain('FIN+ACK');

    // Back: the moment before shows at once, nothing moves, and the read's value is gone.
    await lab.backButton.click();
    await lab.backButton.click();
    await expect(probe.layer).toHaveAttribute('data-motion', 'still');
    expect(await probe.running()).toEqual([]);
    await expect(lineValue(lab, 'client', 'str_len')).toHaveCount(0);
    // Forward by one step plays that step again; a jump to now shows it at once.
    await probe.take();
    await lab.forwardButton.click();
    await expect(probe.layer).toHaveAttribute('data-motion', 'play');
    expect([...union(await probe.take()).kinds]).toContain('bytes.read');
    await expect(lineValue(lab, 'client', 'str_len')).toHaveText('str_len = 13');
    await lab.firstButton.click();
    await expect(probe.layer).toHaveAttribute('data-motion', 'still');
    await lab.lastButton.click();
    await expect(probe.layer).toHaveAttribute('data-motion', 'still');
    expect(await probe.running()).toEqual([]);
  });

  test('echo: the bytes of each write() wait in the receive queue until read()', async ({ lab }) => {
    await lab.pickLesson('echo');
    await lab.setPort(0);
    const probe = new MotionProbe(lab.page);
    await probe.install();
    const seen: string[] = [];
    while ((await lab.root.getAttribute('data-next')) !== 'end') seen.push(...(await stepSeen(lab, probe)).kinds);
    expect(seen).toEqual(expect.arrayContaining(['bytes.send', 'bytes.arrive', 'bytes.read', 'socket.close']));
    expect(seen.indexOf('bytes.read')).toBeGreaterThan(seen.indexOf('bytes.arrive'));
  });

  test('refused: the failing connect() shows -1 and its errno beside its line, and the RST flies back', async ({
    lab,
  }) => {
    await lab.pickLesson('refused');
    await lab.setPort(0);
    const probe = new MotionProbe(lab.page);
    await probe.install();
    await lab.step();
    const connect = await stepSeen(lab, probe);
    const failed = lab.code('client').locator('[data-testid="line-value"][data-errno="ECONNREFUSED"]');
    await expect(failed).toHaveAttribute('data-ret', '-1');
    await expect(failed).toHaveText('→ -1 ECONNREFUSED');
    if (await lab.captureAvailable()) expect([...connect.tokens]).toEqual(expect.arrayContaining(['SYN', 'RST+ACK']));
    expect([...connect.kinds]).not.toContain('socket.appear');
  });
});

test.describe('MOTION-1: a step forward plays its own motion only', () => {
  test('a new Step ends the last step’s motion in the next frame, at its end, so none of it shares the new step’s frames', async ({
    lab,
  }) => {
    await lab.goto();
    await lab.pickLesson('hello');
    await lab.setPort(0);
    for (let i = 0; i < 6; i++) await lab.step();
    // connect(): the diagram's path, the table's flash, the handshake's tokens play for more than a second.
    const running = () =>
      lab.page.evaluate(
        () =>
          document
            .getAnimations()
            .filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY)
            .length,
      );
    await expect(lab.stepButton).toBeEnabled();
    await expect.poll(running).toBeGreaterThan(0);
    // Of what ran before the click, what still runs in the first frame after it.
    const left = await lab.stepButton.evaluate(
      (button: HTMLButtonElement) =>
        new Promise<{ ran: number; still: string[] }>((done) => {
          const before = document
            .getAnimations()
            .filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY);
          button.click();
          requestAnimationFrame(() => {
            const still = before.filter((a) => a.playState === 'running');
            done({ ran: before.length, still: still.map((a) => (a as CSSAnimation).animationName ?? a.id) });
          });
        }),
    );
    expect(left.ran).toBeGreaterThan(0);
    expect(left.still).toEqual([]);
    await expect(lab.root).toHaveAttribute('data-busy', 'false');
  });
});

test.describe('MOTION-1: with prefers-reduced-motion', () => {
  test.use({ reducedMotion: 'reduce' });

  test('nothing moves: every step is planned, none is played, the end state shows at once', async ({ lab }) => {
    await lab.goto();
    await lab.pickLesson('hello');
    await lab.setPort(0);
    const probe = new MotionProbe(lab.page);
    await probe.install();
    for (let i = 0; i < 6; i++) await lab.step();
    const seen = union(await probe.take());
    expect([...seen.kinds]).toEqual(expect.arrayContaining(['socket.appear', 'queue.fill']));
    expect([...seen.motions]).toEqual(['reduced']);
    expect([...seen.animations]).toEqual([]);
    expect([...seen.tokens]).toEqual([]);
    await expect(probe.layer).toHaveAttribute('data-played', '0');
    await expect(lab.page.locator('[data-testid="socket-card"]')).toHaveCount(3);
  });
});
