import { formatAddress } from '@socklab/protocol';
import { memo } from 'react';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab, useLabStore } from '../store/useLab.ts';
import { formatTimer, shortAddress } from '../view/format.ts';
import { tcpTone } from '../view/tcpTone.ts';
import { type KernelRowView, type KernelTableView, type LabView, shownEndpoint } from '../view/viewAt.ts';

/** The kernel's socket table at the cursor, as `ss -tan` would list it, with what the last call changed. */
export const KernelPanel = memo(function KernelPanel({ view }: { view: LabView }) {
  const t = useStrings();
  const store = useLabStore();
  const selected = useLab((s) => s.selectedEndpoint);
  const shown = shownEndpoint(view, selected);
  const table = view.kernelTable;
  const sockDiag = view.hello?.capabilities.sockDiag;
  const listener = table?.rows.some((r) => r.state === 'LISTEN') ?? false;

  return (
    <section
      className="kernel-panel"
      data-testid="kernel-panel"
      data-source={table?.source ?? ''}
      data-seq={table?.seq ?? ''}
      aria-label={t('kernel.title')}
    >
      <header className="kernel-head">
        <h3>
          {t('kernel.title')} <code className="kernel-cmd">ss -tan</code>
        </h3>
        {table !== null && (
          <span className="kernel-source" title={t('kernel.sourceTitle')} data-testid="kernel-source">
            {t(`kernel.source.${table.source}`)}
          </span>
        )}
      </header>
      {table === null ? (
        <p className="kernel-empty">
          {sockDiag !== undefined && !sockDiag.available && sockDiag.reason !== undefined
            ? `${t('sockDiagOff')}: ${sockDiag.reason}`
            : t('kernel.unavailable')}
        </p>
      ) : (
        <div className="kernel-scroll">
          <table>
            <thead>
              <tr>
                <th title={t('kernel.stateHint')}>{t('kernel.state')}</th>
                <th className="num" title={t('kernel.recvQTitle')}>
                  {t('kernel.recvQ')}
                </th>
                <th className="num" title={t('kernel.sendQTitle')}>
                  {t('kernel.sendQ')}
                </th>
                <th>{t('kernel.local')}</th>
                <th>{t('kernel.peer')}</th>
                <th>{t('kernel.timer')}</th>
                <th>{t('kernel.holder')}</th>
              </tr>
            </thead>
            <tbody>
              {table.rows.length === 0 && table.gone.length === 0 && (
                <tr>
                  <td colSpan={7} className="kernel-empty">
                    {t('kernelTableEmpty')}
                  </td>
                </tr>
              )}
              {table.rows.map((row) => (
                <Row
                  key={`${table.seq}:${row.endpoint}`}
                  row={row}
                  tableSource={table.source}
                  selected={shown?.key === row.endpoint}
                  onSelect={() => store.getState().selectEndpoint(row.endpoint)}
                />
              ))}
              {table.gone.map((row) => (
                <Row
                  key={`${table.seq}:gone:${row.endpoint}`}
                  row={row}
                  tableSource={table.source}
                  gone
                  selected={false}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {table !== null && (
        <p className="kernel-caption">
          <span className="kernel-legend" aria-hidden="true">
            <i className="mark-new" /> {t('kernel.added')} <i className="mark-changed" /> {t('kernel.changed')}{' '}
            <i className="mark-gone" /> {t('kernel.gone')}
          </span>
          {listener && <span data-testid="listener-caption">{t('kernel.listenerQueues')}</span>}
        </p>
      )}
    </section>
  );
});

type RowProps = {
  row: KernelRowView;
  /** The table the row was listed in: a row from elsewhere says where it came from. */
  tableSource: KernelTableView['source'];
  selected: boolean;
  gone?: boolean;
  onSelect?: () => void;
};

function Row({ row, tableSource, selected, gone = false, onSelect }: RowProps) {
  const t = useStrings();
  const isListener = row.state === 'LISTEN';
  const timer = formatTimer(row.timer);
  const classes = ['kernel-row', `owner-${row.owner}`];
  if (gone) classes.push('is-gone');
  else if (row.change === 'new') classes.push('is-new');
  else if (row.change === 'changed') classes.push('is-changed');
  if (selected) classes.push('is-selected');
  const changed = (field: KernelRowView['changed'][number]) => (row.changed.includes(field) ? ' is-diff' : '');
  let holder: string;
  // Another program's socket, or a connection the kernel keeps for nobody (a TIME_WAIT left by an earlier run).
  if (row.holder === 'outside') holder = row.inode === 0 ? t('kernel.holderOutsideNoFd') : t('kernel.holderOutside');
  else
    holder =
      row.holder === 'nofd'
        ? t('kernel.holderNoFd')
        : row.fd === null
          ? t('kernel.holderProcess')
          : t('kernel.holderFd', { fd: row.fd });

  return (
    <tr
      className={classes.join(' ')}
      data-testid={gone ? 'kernel-row-gone' : 'kernel-row'}
      data-state={row.state}
      data-linux-state={row.linuxState}
      data-fd={row.fd ?? 'none'}
      data-owner={row.owner}
      data-holder={row.holder}
      data-recvq={row.recvQ}
      data-sendq={row.sendQ}
      data-timer={row.timer.kind}
      data-change={gone ? 'gone' : (row.change ?? '')}
      data-endpoint={row.endpoint}
      data-source={row.source}
      title={
        gone
          ? t('kernel.gone')
          : row.change === 'new'
            ? t('kernel.added')
            : row.change === 'changed'
              ? t('kernel.changed')
              : undefined
      }
      aria-selected={selected}
      onClick={onSelect}
    >
      <td className={`cell-state${changed('state')}`}>
        {onSelect === undefined ? (
          <span className={`tcp-badge tone-${tcpTone(row.state)}`}>{row.state}</span>
        ) : (
          <button
            type="button"
            className="row-select"
            title={t('kernel.select')}
            onClick={(e) => {
              e.stopPropagation();
              onSelect();
            }}
          >
            <span className={`tcp-badge tone-${tcpTone(row.state)}`}>{row.state}</span>
          </button>
        )}
        <small className="linux-state" title="Linux">
          {row.linuxState}
        </small>
        {row.source !== tableSource && (
          <small className="row-source" data-testid="row-source" title={t(`kernel.rowSource.${row.source}`)}>
            {t(`kernel.source.${row.source}`)}
          </small>
        )}
      </td>
      <td className={`num${changed('recvQ')}`} title={isListener ? t('kernel.listenerQueues') : t('kernel.recvQTitle')}>
        {row.recvQ}
        {isListener && <small className="q-role">{t('kernel.recvQListener')}</small>}
      </td>
      <td className={`num${changed('sendQ')}`} title={isListener ? t('kernel.listenerQueues') : t('kernel.sendQTitle')}>
        {row.sendQ}
        {isListener && <small className="q-role">{t('kernel.sendQListener')}</small>}
      </td>
      <td title={formatAddress(row.local)}>{shortAddress(row.local)}</td>
      <td title={row.remote === null ? undefined : formatAddress(row.remote)}>{shortAddress(row.remote) ?? '*'}</td>
      <td className="cell-timer" data-testid="kernel-timer">
        {timer ?? <span className="muted">—</span>}
      </td>
      <td className={`cell-holder${changed('holder')}`}>
        <span className={`holder holder-${row.holder}`}>{holder}</span>
      </td>
    </tr>
  );
}
