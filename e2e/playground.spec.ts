import { expect, test } from './fixtures.ts';
import { PlaygroundPage } from './pages/PlaygroundPage.ts';

test.describe('playground', () => {
  test.beforeEach(async ({ lab }) => {
    await lab.goto();
  });

  test('accept() on a socket that is not listening fails with EINVAL', async ({ lab }) => {
    const pg = new PlaygroundPage(lab);
    await pg.open();
    await expect(pg.actors).toHaveCount(2);
    // The playground runs no lesson: the header offers no lesson and describes none.
    await expect(lab.page.getByTestId('lesson-picker')).toBeHidden();
    await expect(lab.page.locator('.lesson-summary')).toBeHidden();
    await lab.showPanel('calls');
    const sock = await pg.createSocket('server');
    const row = await pg.call('server', 'accept', { socket: sock });
    await expect(row).toHaveAttribute('data-errno', 'EINVAL');
    await expect(row).toContainText('= -1 EINVAL');
  });

  test('listen() without bind() gets a port the kernel chose', async ({ lab }) => {
    const pg = new PlaygroundPage(lab);
    await pg.open();
    await lab.showPanel('calls');
    const sock = await pg.createSocket('server');
    const card = pg.sockets('server').and(lab.page.locator(`[data-socket="${sock}"]`));
    // Nothing has made it a client or a listener yet (issue 11: it was called "client socket").
    await expect(card.locator('.role')).toHaveText(/^socket, no role yet/);
    const listen = await pg.call('server', 'listen', { socket: sock, backlog: 5 });
    await expect(listen).toHaveAttribute('data-ret', '0');
    await expect(listen).toHaveAttribute('data-errno', '');
    await expect(card).toHaveAttribute('data-tcp', 'LISTEN');
    await expect(card.locator('.role')).toHaveText(/^listening socket/);

    const name = await pg.call('server', 'getsockname', { socket: sock });
    await expect(name).toHaveAttribute('data-ret', '0');
    const last = pg.actor('server').getByTestId('pg-last');
    await expect(last).toHaveAttribute('data-syscall', 'getsockname');
    const port = Number(/:(\d+)\s*$/.exec((await last.textContent()) ?? '')?.[1]);
    expect(port).toBeGreaterThanOrEqual(1024);
    await expect(card).toContainText(`:${port}`);
    await expect(pg.actor('server').getByTestId('nc-hint')).toHaveAttribute('data-port', String(port));
  });

  test('read() after close() is refused and explained as use after close', async ({ lab }) => {
    const pg = new PlaygroundPage(lab);
    await pg.open();
    await lab.showPanel('calls');
    const sock = await pg.createSocket('client');
    await pg.call('client', 'close', { socket: sock });
    const rows = await lab.callRows.count();

    await pg.submit('client', 'read', { socket: sock });
    const error = pg.actor('client').getByTestId('pg-error');
    await expect(error).toHaveAttribute('data-code', 'SOCKLAB_ERR_CLOSED_SOCKET');
    await expect(error).toContainText('Use after close');
    await expect(error).toContainText("someone else's data");
    await expect(lab.callRows).toHaveCount(rows);

    await lab.setLang('ko');
    await expect(error).toContainText('남의 데이터');
  });

  test('the form checks its inputs before sending', async ({ lab }) => {
    const pg = new PlaygroundPage(lab);
    await pg.open();
    await lab.showPanel('calls');
    const sock = await pg.createSocket('server');
    const rows = await lab.callRows.count();
    await pg.submit('server', 'bind', { socket: sock, port: 70000 });
    await expect(pg.actor('server').getByTestId('pg-invalid')).toContainText('0 to 65535');
    await expect(lab.callRows).toHaveCount(rows);
  });

  test('a blocked actor cannot call until the kernel wakes it', async ({ lab }) => {
    const pg = new PlaygroundPage(lab);
    await pg.open();
    await lab.showPanel('calls');
    const listener = await pg.createSocket('server');
    await pg.call('server', 'bind', { socket: listener, host: '127.0.0.1', port: 0 });
    await pg.call('server', 'listen', { socket: listener, backlog: 5 });
    const port = await pg.actor('server').getByTestId('nc-hint').getAttribute('data-port');

    await pg.submit('server', 'accept', { socket: listener });
    await expect(lab.page.getByTestId('blocked-server')).toHaveAttribute('data-syscall', 'accept');
    await expect(pg.actor('server').getByTestId('pg-run')).toBeDisabled();

    await pg.addActorButton.click();
    await expect(pg.actors).toHaveCount(3);
    const client = await pg.createSocket('client2');
    await pg.call('client2', 'connect', { socket: client, host: '127.0.0.1', port: port ?? '' });
    await expect(lab.page.getByTestId('blocked-server')).toHaveCount(0);
    await expect(pg.actor('server').getByTestId('pg-run')).toBeEnabled();
    await expect(pg.sockets('server')).toHaveCount(2);
  });

  test('FLAT-1: a long session folds the closed sockets and keeps one lifeline per program', async ({ lab }) => {
    const pg = new PlaygroundPage(lab);
    await pg.open();
    await lab.showPanel('calls');
    for (let i = 0; i < 3; i++) {
      const { listener, client } = await pg.listenAndConnect();
      await pg.call('server', 'accept', { socket: listener });
      const accepted = await pg.actor('server').getByTestId('pg-last').getAttribute('data-created');
      await pg.call('client', 'close', { socket: client });
      await pg.call('server', 'close', { socket: accepted ?? '' });
      await pg.call('server', 'close', { socket: listener });
    }
    // Six closed server sockets: the latest two (and the one the diagram follows) are drawn, the rest folded.
    const fold = pg.actor('server').getByTestId('pg-folded');
    await expect(fold).toHaveAttribute('aria-expanded', 'false');
    const folded = Number(await fold.getAttribute('data-folded'));
    expect(folded).toBeGreaterThanOrEqual(3);
    await expect(pg.sockets('server')).toHaveCount(6 - folded);
    await expect(fold).toContainText(`${folded} earlier closed sockets`);
    // The socket menu folds the same way: the form's own socket (the listener closed last) and the latest two others.
    const menu = pg.actor('server').getByTestId('pg-socket').locator('option');
    await expect(menu).toHaveCount(3);
    await fold.click();
    await expect(pg.sockets('server')).toHaveCount(6);
    await expect(menu).toHaveCount(6);
    await expect(fold).toHaveAttribute('aria-expanded', 'true');
    await lab.setLang('ko');
    await expect(fold).toContainText('앞서 닫은 소켓 숨기기');
    if (await lab.captureAvailable()) {
      // Three client ports and three listener ports on the wire: still two lifelines.
      await lab.showPanel('wire');
      await expect(lab.page.locator('.wire-peer')).toHaveCount(2);
    }
  });

  test("MOTION-1: the wire animates the latest call's packets, not every packet again", async ({ lab }) => {
    const pg = new PlaygroundPage(lab);
    await pg.open();
    await lab.showPanel('calls');
    test.skip(!(await lab.captureAvailable()), 'packet capture needs CAP_NET_RAW');
    const { client } = await pg.listenAndConnect();
    const handshake = lab.packetsOf('connect');
    await lab.showPanel('wire');
    await expect(handshake).toHaveCount(3);
    await expect(handshake.and(lab.page.locator('.is-fresh'))).toHaveCount(3);
    await lab.showPanel('calls');
    await pg.call('client', 'close', { socket: client });
    // Shown again, the handshake is the past: only the FIN of close() flies in.
    await lab.showPanel('wire');
    const fin = lab.packetsOf('close');
    await expect(fin.first()).toBeVisible();
    await expect(fin.and(lab.page.locator('.is-fresh'))).toHaveCount(await fin.count());
    await expect(handshake.and(lab.page.locator('.is-fresh'))).toHaveCount(0);
  });

  test('going back to the lessons loads the lesson again', async ({ lab }) => {
    const pg = new PlaygroundPage(lab);
    await pg.open();
    await lab.page.getByTestId('mode-lessons').click();
    await expect(lab.root).not.toHaveAttribute('data-lesson', 'playground');
    await expect(lab.root).toHaveAttribute('data-next', '0');
    await expect(lab.stepButton).toBeEnabled();
  });
});

test('seed-pitfalls shows the seed code beside its corrections', async ({ lab }) => {
  await lab.goto();
  await lab.pickLesson('seed-pitfalls');
  const corrections = lab.page.getByTestId('corrections');
  await expect(corrections).toBeVisible();
  await corrections.locator('summary').click();
  const first = corrections.getByTestId('correction').first();
  await expect(first).toBeVisible();
  await expect(first.locator('del')).toContainText('scoket');
  await expect(first.locator('ins')).toContainText('sys/socket.h');
});

test('backlog shows every client', async ({ lab }) => {
  await lab.goto();
  await lab.pickLesson('backlog');
  await expect(lab.page.getByTestId('lane-server')).toBeVisible();
  const tabs = lab.page.getByTestId('actor-tab');
  await expect(tabs).toHaveCount(4);
  for (const [i, actor] of ['client1', 'client2', 'client3', 'client4'].entries()) {
    await expect(tabs.nth(i)).toHaveAttribute('data-actor', actor);
  }
  // The tabs follow the lesson: the first client's step shows its lane.
  await lab.stepUntil(3);
  await tabs.nth(2).click();
  await expect(tabs.nth(2)).toHaveAttribute('aria-selected', 'true');
  await expect(lab.page.getByTestId('lane-client3')).toBeVisible();
  await expect(lab.page.getByTestId('lane-client1')).toBeHidden();
});
