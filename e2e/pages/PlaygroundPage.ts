import { expect, type Locator, type Page } from '@playwright/test';
import type { LabPage } from './LabPage.ts';

/** The playground, driven through each actor's call form. */
export class PlaygroundPage {
  readonly lab: LabPage;
  readonly page: Page;
  readonly root: Locator;
  readonly addActorButton: Locator;
  readonly actors: Locator;

  constructor(lab: LabPage) {
    this.lab = lab;
    this.page = lab.page;
    this.root = this.page.getByTestId('playground');
    this.addActorButton = this.page.getByTestId('pg-add-actor');
    this.actors = this.page.getByTestId('pg-actor');
  }

  /** Switches to the playground and waits until the server started it. */
  async open(): Promise<void> {
    await this.page.getByTestId('mode-playground').click();
    await expect(this.lab.root).toHaveAttribute('data-lesson', 'playground');
    await expect(this.root).toHaveAttribute('data-started', 'true');
  }

  actor(name: string): Locator {
    return this.page.locator(`[data-testid="pg-actor"][data-actor="${name}"]`);
  }

  /** The socket cards of one actor. */
  sockets(actor: string): Locator {
    return this.actor(actor).getByTestId('socket-card');
  }

  /** Fills `actor`'s form and presses Call (does not wait for the answer). */
  async submit(
    actor: string,
    syscall: string,
    args: { socket?: string; port?: number | string; host?: string; backlog?: number | string } = {},
  ): Promise<void> {
    const panel = this.actor(actor);
    await expect(panel.getByTestId('pg-run')).toBeEnabled();
    await panel.getByTestId('pg-syscall').selectOption(syscall);
    if (args.socket !== undefined) await panel.getByTestId('pg-socket').selectOption(args.socket);
    if (args.host !== undefined) await panel.getByTestId('pg-host').fill(args.host);
    if (args.port !== undefined) await panel.getByTestId('pg-port').fill(String(args.port));
    if (args.backlog !== undefined) await panel.getByTestId('pg-backlog').fill(String(args.backlog));
    await panel.getByTestId('pg-run').click();
  }

  /** Makes one call and waits until its row in the timeline has returned; returns the row. */
  async call(
    actor: string,
    syscall: string,
    args: { socket?: string; port?: number | string; host?: string; backlog?: number | string } = {},
  ): Promise<Locator> {
    const rows = this.lab.callRows.and(this.page.locator(`[data-actor="${actor}"]`));
    const before = await rows.count();
    await this.submit(actor, syscall, args);
    const row = rows.nth(before);
    await expect(row).toHaveAttribute('data-syscall', syscall);
    await expect(row).toHaveAttribute('data-ret', /^-?\d+$/);
    await expect(this.actor(actor).getByTestId('pg-run')).toBeEnabled();
    return row;
  }

  /** The tutorial's first calls: the server listens on a port the kernel chose, the client connects to it. */
  async listenAndConnect(): Promise<{ listener: string; client: string }> {
    const listener = await this.createSocket('server');
    await this.call('server', 'bind', { socket: listener, host: '127.0.0.1', port: 0 });
    await this.call('server', 'listen', { socket: listener, backlog: 5 });
    const port = await this.actor('server').getByTestId('nc-hint').getAttribute('data-port');
    const client = await this.createSocket('client');
    await this.call('client', 'connect', { socket: client, host: '127.0.0.1', port: port ?? '' });
    return { listener, client };
  }

  /** Creates a socket for `actor`; returns its socket id (the one the panel's last answer made, whose card is drawn). */
  async createSocket(actor: string): Promise<string> {
    await this.call(actor, 'socket');
    const last = this.actor(actor).getByTestId('pg-last');
    await expect(last).toHaveAttribute('data-syscall', 'socket');
    const id = await last.getAttribute('data-created');
    expect(id).toBeTruthy();
    await expect(this.sockets(actor).and(this.page.locator(`[data-socket="${id}"]`))).toHaveCount(1);
    return id ?? '';
  }
}
