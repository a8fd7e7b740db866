import type { TcpState } from '@socklab/protocol';

/** A TCP state's colour family: the badge, the diagram and the session figure use the same. */
export type TcpTone = 'closed' | 'listen' | 'opening' | 'established' | 'closing' | 'timewait';

/** The colour family of a TCP state badge. */
export function tcpTone(tcp: TcpState | null): TcpTone {
  switch (tcp) {
    case null:
    case 'CLOSED':
      return 'closed';
    case 'LISTEN':
      return 'listen';
    case 'SYN_SENT':
    case 'SYN_RECEIVED':
      return 'opening';
    case 'ESTABLISHED':
      return 'established';
    case 'TIME_WAIT':
      return 'timewait';
    case 'FIN_WAIT_1':
    case 'FIN_WAIT_2':
    case 'CLOSE_WAIT':
    case 'CLOSING':
    case 'LAST_ACK':
      return 'closing';
    default: {
      const unknown: never = tcp;
      throw new Error(`tcpTone: unknown TCP state ${String(unknown)}`);
    }
  }
}
