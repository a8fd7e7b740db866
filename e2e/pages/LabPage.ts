import { expect, type Locator, type Page } from '@playwright/test';

/** The socklab lab screen, driven the way a student drives it. */
export class LabPage {
  readonly page: Page;
  readonly url: string;
  readonly root: Locator;
  readonly stepButton: Locator;
  readonly playButton: Locator;
  readonly resetButton: Locator;
  readonly lessonPicker: Locator;
  readonly langToggle: Locator;
  readonly portInput: Locator;
  readonly timeline: Locator;
  readonly callRows: Locator;
  readonly narration: Locator;
  readonly connectionStatus: Locator;
  readonly checkStatus: Locator;
  readonly checkWarnings: Locator;
  readonly stateDiagram: Locator;
  readonly wirePanel: Locator;
  readonly wirePackets: Locator;
  readonly packetDetails: Locator;
  readonly captureOffNote: Locator;
  readonly kernelPanel: Locator;
  readonly kernelRows: Locator;
  readonly ncHint: Locator;
  readonly backButton: Locator;
  readonly forwardButton: Locator;
  readonly firstButton: Locator;
  readonly lastButton: Locator;
  readonly scrubber: Locator;
  readonly pastBanner: Locator;

  constructor(page: Page, url: string) {
    this.page = page;
    this.url = url;
    this.root = page.getByTestId('lab');
    this.stepButton = page.getByTestId('step-button');
    this.playButton = page.getByTestId('play-button');
    this.resetButton = page.getByTestId('reset-button');
    this.lessonPicker = page.getByTestId('lesson-picker');
    this.langToggle = page.getByTestId('lang-toggle');
    this.portInput = page.getByTestId('port-input');
    this.timeline = page.getByTestId('timeline');
    this.callRows = this.timeline.getByTestId('call-row');
    this.narration = page.getByTestId('narration');
    this.connectionStatus = page.getByTestId('connection-status');
    this.checkStatus = page.getByTestId('check-status');
    this.checkWarnings = page.getByTestId('check-warning');
    this.stateDiagram = page.getByTestId('state-diagram');
    this.wirePanel = page.getByTestId('wire-panel');
    this.wirePackets = this.wirePanel.getByTestId('wire-packet');
    this.packetDetails = page.getByTestId('packet-details');
    this.captureOffNote = page.getByTestId('capture-off-note');
    this.kernelPanel = page.getByTestId('kernel-panel');
    this.kernelRows = this.kernelPanel.getByTestId('kernel-row');
    this.ncHint = page.getByTestId('nc-hint');
    this.backButton = page.getByTestId('back-button');
    this.forwardButton = page.getByTestId('forward-button');
    this.firstButton = page.getByTestId('first-button');
    this.lastButton = page.getByTestId('last-button');
    this.scrubber = page.getByTestId('scrubber-input');
    this.pastBanner = page.getByTestId('review-banner');
  }

  /** Opens the app with its token and waits until a lesson is loaded and ready. */
  async goto(): Promise<void> {
    await this.page.goto(this.url);
    await expect(this.connectionStatus).toHaveAttribute('data-state', 'open');
    await expect(this.root).toHaveAttribute('data-lesson', /\S/);
    await expect(this.root).toHaveAttribute('data-next', '0');
  }

  /** Opens a class join URL (this page's `url`), gives `name` (or none) on the join page and waits until it follows. */
  async join(name?: string): Promise<void> {
    await this.page.goto(this.url);
    await this.submitJoin(name);
    await expect(this.connectionStatus).toHaveAttribute('data-state', 'open');
  }

  /** Fills the class join page's name (or leaves it empty) and sends it. */
  async submitJoin(name?: string): Promise<void> {
    if (name !== undefined) await this.page.getByTestId('join-name').fill(name);
    await this.page.getByTestId('join-submit').click();
  }

  /** Picks a lesson and waits until the server started it. */
  async pickLesson(id: string): Promise<void> {
    await this.lessonPicker.selectOption(id);
    await expect(this.root).toHaveAttribute('data-lesson', id);
    await expect(this.root).toHaveAttribute('data-next', '0');
  }

  /** Sets the lesson's port (0: the kernel chooses) and waits until the lesson restarted with it. */
  async setPort(port: number): Promise<void> {
    await this.portInput.fill(String(port));
    await this.portInput.press('Enter');
    await expect(this.root).toHaveAttribute('data-lesson-port', String(port));
    await expect(this.root).toHaveAttribute('data-next', '0');
    await expect(this.stepButton).toBeEnabled();
  }

  /** Switches the UI language with the toggle. */
  async setLang(lang: 'ko' | 'en'): Promise<void> {
    await this.langToggle.locator(`button[data-lang="${lang}"]`).click();
    await expect(this.page.locator('html')).toHaveAttribute('lang', lang);
  }

  /** Presses Step once and waits until the server ran it and the UI is ready again. */
  async step(): Promise<void> {
    const before = await this.root.getAttribute('data-next');
    expect(before, 'step() at the end of the lesson').not.toBe('end');
    await expect(this.stepButton).toBeEnabled();
    await this.stepButton.click();
    await expect(this.root).not.toHaveAttribute('data-next', before ?? '');
    await expect(this.root).toHaveAttribute('data-busy', 'false');
  }

  /** Presses Step until the lesson ended; returns how many steps ran. */
  async stepToEnd(maxSteps = 100): Promise<number> {
    let steps = 0;
    while ((await this.root.getAttribute('data-next')) !== 'end') {
      expect(steps, 'the lesson should end').toBeLessThan(maxSteps);
      await this.step();
      steps++;
    }
    await expect(this.stepButton).toBeDisabled();
    return steps;
  }

  /** Steps until the next step to run is `index`; fails if the lesson ends first. */
  async stepUntil(index: number): Promise<void> {
    for (;;) {
      const next = await this.root.getAttribute('data-next');
      if (next === String(index)) return;
      expect(next, `the lesson ended before step ${index}`).not.toBe('end');
      await this.step();
    }
  }

  /** The dot of the lesson step with this index (from 0). */
  stepDot(index: number): Locator {
    return this.page.locator(`[data-testid="step-dot"][data-index="${index}"]`);
  }

  /** Waits until the view shows step `shown` (from 1; 0: before the first step), in the past or at the head. */
  async expectShown(shown: number, live: boolean): Promise<void> {
    await expect(this.root).toHaveAttribute('data-shown-step', String(shown));
    await expect(this.root).toHaveAttribute('data-live', String(live));
  }

  /** The timeline rows of one actor's calls of `syscall`. */
  calls(syscall: string, actor: string): Locator {
    return this.callRows.and(this.page.locator(`[data-syscall="${syscall}"][data-actor="${actor}"]`));
  }

  /** Waits until a call of `syscall` by `actor` returned `ret` (and no errno). */
  async expectCall(syscall: string, actor: string, ret: number): Promise<void> {
    await this.showPanel('calls');
    const row = this.calls(syscall, actor).and(this.page.locator(`[data-ret="${ret}"][data-errno=""]`));
    await expect(row.first()).toBeVisible();
  }

  /** The return values shown for every call of `syscall` by `actor`, in order. */
  async returnsOf(syscall: string, actor: string): Promise<number[]> {
    const rows = this.calls(syscall, actor);
    await expect(rows.first()).toHaveAttribute('data-ret', /^-?\d+$/);
    const values = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-ret')));
    return values.map(Number);
  }

  stdout(actor: 'server' | 'client'): Locator {
    return this.page.getByTestId(`stdout-${actor}`);
  }

  /** One lane's C program, as the code panel shows it. */
  code(actor: 'server' | 'client'): Locator {
    return this.page.getByTestId(`code-${actor}`);
  }

  blocked(actor: 'server' | 'client'): Locator {
    return this.page.getByTestId(`blocked-${actor}`);
  }

  socketCard(fd: number): Locator {
    return this.page.locator(`[data-testid="socket-card"][data-fd="${fd}"]`);
  }

  /** Shows one tab of the middle column: the system calls, the wire or the kernel table. */
  async showPanel(panel: 'calls' | 'wire' | 'kernel'): Promise<void> {
    const tab = this.page.getByTestId(`tab-${panel}`);
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
  }

  /** Whether the server can capture packets, as its session.hello said. */
  async captureAvailable(): Promise<boolean> {
    await expect(this.wirePanel).toHaveAttribute('data-capture', /^(true|false)$/);
    return (await this.wirePanel.getAttribute('data-capture')) === 'true';
  }

  /** The wire's packets caused by calls of `syscall` ('' for packets between calls). */
  packetsOf(syscall: string): Locator {
    return this.wirePackets.and(this.page.locator(`[data-call="${syscall}"]`));
  }

  /** The `data-flags` of each packet, in order. */
  async flagsOf(packets: Locator): Promise<string[]> {
    return packets.evaluateAll((els) => els.map((el) => el.getAttribute('data-flags') ?? ''));
  }

  /** Rows of the kernel table, filtered by RFC state, fd (`none` or a number) and owner. */
  kernelRow(filter: { state?: string; fd?: number | 'none'; owner?: 'lab' | 'outside' }): Locator {
    const attrs = [
      filter.state === undefined ? '' : `[data-state="${filter.state}"]`,
      filter.fd === undefined ? '' : `[data-fd="${filter.fd}"]`,
      filter.owner === undefined ? '' : `[data-owner="${filter.owner}"]`,
    ].join('');
    return attrs === '' ? this.kernelRows : this.kernelRows.and(this.page.locator(attrs));
  }
}
