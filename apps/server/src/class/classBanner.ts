import type { RunningClass } from './classMode.ts';

/**
 * What `serve --class` prints: the join URL, the warning that anyone on that
 * network with it can watch (SECURITY.md #11), and the URL as a QR code;
 * with student labs, the lab join URL and its warning.
 */
export function classBanner(running: RunningClass): string {
  const { listener, room, qr } = running;
  return [
    `socklab class: ${listener.joinUrl}`,
    `WARNING: class mode listens on ${listener.address}, beyond this machine: anyone on that network who has`,
    `the join URL can watch this session (read-only; viewers can never command it). At most ${room.limits.maxViewers} viewers.`,
    'Students open the join URL, or scan:',
    qr.terminal,
    ...(listener.labJoinUrl === null
      ? []
      : [
          `socklab class labs: ${listener.labJoinUrl}`,
          `WARNING: anyone who has this second URL can also open a lab of their own: lessons and the playground run`,
          `on this machine, each lab in a network namespace of its own (only its own lo). At most ${room.limits.maxLabs} labs.`,
        ]),
    '',
  ].join('\n');
}
