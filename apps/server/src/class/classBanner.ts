import type { RunningClass } from './classMode.ts';

/**
 * What `serve --class` prints: the join URL, the warning that anyone on that
 * network with it can watch (SECURITY.md #11), and the URL as a QR code.
 */
export function classBanner(running: RunningClass): string {
  const { listener, room, qr } = running;
  return [
    `socklab class: ${listener.joinUrl}`,
    `WARNING: class mode listens on ${listener.address}, beyond this machine: anyone on that network who has`,
    `the join URL can watch this session (read-only; viewers can never command it). At most ${room.limits.maxViewers} viewers.`,
    'Students open the join URL, or scan:',
    qr.terminal,
    '',
  ].join('\n');
}
