import { ErrorCode, type EventOf, type Recording, SocklabError } from '@socklab/protocol';

/** One captured IP datagram, ready for a capture file. */
export type CaptureFrame = {
  /** Microseconds since the Unix epoch. */
  micros: bigint;
  /** The datagram's bytes as captured, cut after the TCP header and the payload preview. */
  data: Uint8Array;
  /** The whole datagram's length on the wire (`data` is shorter when its payload was cut). */
  length: number;
  /** The call that caused it: `step 3: client connect()`, or that no call did. */
  comment: string;
};

/**
 * When the recording's events happened, in microseconds since the epoch: the
 * header's `createdAt` is the wall-clock time the lesson's recording began,
 * which is when its `lesson.start` came (every event's `t` counts milliseconds
 * on the session's own clock).
 */
function clockOf(recording: Recording): (t: number) => bigint {
  const created = Date.parse(recording.header.createdAt);
  const epochMs = Number.isFinite(created) ? created : 0;
  const anchor = recording.events.find((e) => e.type === 'lesson.start')?.t ?? recording.events[0]?.t ?? 0;
  return (t) => BigInt(Math.round((epochMs + t - anchor) * 1000));
}

/**
 * The packets of a recording as capture-file frames, each with a comment
 * naming the call that caused it. Throws a `SOCKLAB_ERR_RECORDING` error when
 * the recording has no packets, or packets without their captured bytes (it
 * was made before socklab kept them): such a recording replays, but a capture
 * file of it would have to invent bytes.
 *
 * @example
 * const frames = captureFrames(parseRecording(text));
 * frames[0]?.comment; // 'step 5: client connect()'
 */
export function captureFrames(recording: Recording): CaptureFrame[] {
  const packets = recording.events.filter((e): e is EventOf<'packet'> => e.type === 'packet');
  if (packets.length === 0) {
    const hello = recording.events.find((e) => e.type === 'session.hello');
    const capture = hello?.type === 'session.hello' ? hello.capabilities.capture : undefined;
    const why = capture && !capture.available ? ` (packet capture was off: ${capture.reason})` : '';
    throw new SocklabError(ErrorCode.recording, `the recording has no packets${why}`);
  }
  const missing = packets.filter((p) => p.frame === undefined).length;
  if (missing > 0) {
    throw new SocklabError(
      ErrorCode.recording,
      `${missing} of the recording's ${packets.length} packets have no captured bytes (it was recorded before socklab kept them): it replays, but cannot become a capture file`,
    );
  }
  const calls = new Map<number, EventOf<'syscall.enter'>>();
  for (const e of recording.events) if (e.type === 'syscall.enter') calls.set(e.callId, e);
  const clock = clockOf(recording);
  return packets.map((packet) => {
    const frame = packet.frame as NonNullable<EventOf<'packet'>['frame']>;
    return {
      micros: clock(packet.t),
      data: Uint8Array.from(Buffer.from(frame.base64, 'base64')),
      length: frame.length,
      comment: commentOf(packet.callId === null ? undefined : calls.get(packet.callId)),
    };
  });
}

function commentOf(call: EventOf<'syscall.enter'> | undefined): string {
  if (call === undefined) return 'no call: sent between calls (a kernel timer, or another program)';
  const made = `${call.actor} ${call.call.syscall}()`;
  return call.step === undefined ? made : `step ${call.step + 1}: ${made}`;
}
