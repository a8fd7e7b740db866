import type { Lang } from '@socklab/lessons';
import type { Address } from '@socklab/protocol';
import { strings } from '../i18n.ts';
import { formatAddress } from '../view/format.ts';
import type { KernelTableView } from '../view/viewAt.ts';
import { tcpTone } from './SocketCard.tsx';

// Every lab socket is on loopback: the port is what tells rows apart.
const short = (address: Address | null) =>
  address === null ? null : address.host === '127.0.0.1' ? `:${address.port}` : formatAddress(address);

/** The lab's rows of the kernel's socket table, as `ss -tan` would list them. */
export function KernelTable({ table, lang }: { table: KernelTableView; lang: Lang }) {
  const t = strings[lang];
  const rows = table.rows.filter((row) => row.owner === 'lab');
  return (
    <section className="kernel-table" data-testid="kernel-table" aria-label={t.kernelTable}>
      <h3 className="panel-label">
        {t.kernelTable} <span className="source">{table.source === 'sock_diag' ? 'sock_diag' : '/proc/net/tcp'}</span>
      </h3>
      {rows.length === 0 ? (
        <p className="empty">{t.kernelTableEmpty}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>State</th>
              <th>Recv-Q</th>
              <th>Send-Q</th>
              <th>{t.local}</th>
              <th>{t.remote}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${formatAddress(row.local)}-${formatAddress(row.remote)}-${row.state}`} data-state={row.state}>
                <td>
                  <span className={`tcp-badge tone-${tcpTone(row.state)}`} title={row.linuxState}>
                    {row.state}
                  </span>
                </td>
                <td>{row.recvQ}</td>
                <td>{row.sendQ}</td>
                <td>{short(row.local)}</td>
                <td>
                  {short(row.remote) ?? t.none}
                  {row.timer.kind === 'timewait' && (
                    <span className="timer"> ({Math.ceil(row.timer.expiresMs / 1000)} s)</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
