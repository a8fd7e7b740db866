import { parseRecording, type SocklabEvent } from '@socklab/protocol';
import echo from './fixtures/echo.ndjson?raw';
import handshake from './fixtures/handshake.ndjson?raw';
import helloOutside from './fixtures/helloOutside.ndjson?raw';

// Real sessions on Linux 6.x as root (capture on, sock_diag), recorded from the
// WebSocket of `socklab serve` with lessons at port 0 and stepped to the end:
// `handshake` (with a delayed ACK between two calls), `echo`, and `hello` up to
// its blocked accept(), which a client of another program (node's net.connect) completed.

/** The lines of a recording, each checked by the protocol's own parser. */
const eventsOf = (text: string): SocklabEvent[] => parseRecording(text).events;

/** The raw text of each recording, to check line by line with `parseEvent`. */
export const recordingTexts = { echo, handshake, helloOutside } as const;

export const handshakeLog = eventsOf(handshake);
export const echoLog = eventsOf(echo);
export const helloOutsideLog = eventsOf(helloOutside);
