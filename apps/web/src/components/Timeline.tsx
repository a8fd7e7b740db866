import { flagSet, showCall, showReturn } from '@socklab/protocol';
import { memo, useRef } from 'react';
import { actorName } from '../i18n/strings.ts';
import { useStrings } from '../i18n/useStrings.ts';
import { seconds } from '../view/format.ts';
import type { CallView, LabView } from '../view/viewAt.ts';
import { callVersion } from './callVersion.ts';
import { ArrowDownIcon, ArrowUpIcon } from './icons.tsx';
import { useFollowEnd } from './useKeptScroll.ts';
import { useWindowedList } from './useWindowedList.ts';

// A row's height before it is measured: one line of call, one of bytes or packets.
const rowEstimate = (call: CallView | undefined) =>
  call !== undefined && (call.data.length > 0 || call.packets.length > 0) ? 76 : 54;

/**
 * Every call of the run, newest last: each row re-renders only when its call
 * changed, and a long run (the playground) renders only the rows in sight.
 */
export function Timeline({ view, active = true }: { view: LabView; active?: boolean }) {
  const t = useStrings();
  const list = useRef<HTMLOListElement>(null);
  const calls = view.calls;
  const count = calls.length;
  const rows = useWindowedList(list, count, { estimate: (i) => rowEstimate(calls[i]) });
  const currentStep = view.current?.index ?? null;

  // Follow the newest call, and only when one arrives (scrolling reads the layout: in the frame).
  useFollowEnd(list, count, active);

  return (
    <section className="timeline-panel" aria-label={t('timeline')}>
      <ol className="timeline" data-testid="timeline" data-calls={count} ref={list}>
        {count === 0 && <li className="empty">{t('timelineEmpty')}</li>}
        {rows.before > 0 && <li className="list-spacer" aria-hidden="true" style={{ height: rows.before }} />}
        {calls.slice(rows.first, rows.end).map((call, i) => (
          <CallRow
            key={call.callId}
            call={call}
            version={callVersion(call)}
            isCurrent={call.step !== null && call.step === currentStep}
            rowRef={rows.measure(rows.first + i)}
          />
        ))}
        {rows.after > 0 && <li className="list-spacer" aria-hidden="true" style={{ height: rows.after }} />}
      </ol>
    </section>
  );
}

type RowProps = {
  /** Changed in place as the call blocks, returns and moves bytes: `version` says when. */
  call: CallView;
  version: string;
  isCurrent: boolean;
  rowRef: ((element: HTMLElement | null) => void) | undefined;
};

const CallRow = memo(function CallRow({ call, isCurrent, rowRef }: RowProps) {
  const t = useStrings();
  const ret = call.exit === null ? null : showReturn(call.exit);
  const failed = call.exit?.errno != null;
  const classes = ['call-row', `actor-${call.actor}`];
  if (isCurrent) classes.push('is-current');
  if (failed) classes.push('is-failed');
  if (call.refused !== null) classes.push('is-refused');
  else if (call.exit === null) classes.push(call.blocked ? 'is-blocked' : 'is-pending');
  return (
    <li
      ref={rowRef}
      className={classes.join(' ')}
      data-testid="call-row"
      data-syscall={call.syscall}
      data-actor={call.actor}
      data-step={call.step ?? undefined}
      data-ret={call.exit?.ret}
      data-errno={call.exit === null ? undefined : (call.exit.errno?.name ?? '')}
      data-blocked={call.blocked}
      data-refused={call.refused ?? undefined}
    >
      <div className="call-head">
        <span className="call-actor">{actorName(t, call.actor)}</span>
        {call.step !== null && <span className="call-step">#{call.step + 1}</span>}
        {call.blocked && call.exit !== null && (
          <span className="meta-blocked">
            <i className="icon-pause" aria-hidden="true" />
            {t('blockedFor', { seconds: seconds(call.exit.durationMs) })}
          </span>
        )}
      </div>
      <div className="call-line">
        <code className="call-text" title={call.exit ? `${t('libcCall')}: ${call.exit.impl}` : undefined}>
          {showCall(call.call)}
        </code>
        {ret !== null ? (
          <code key="ret" className={`call-ret${failed ? ' is-error' : ''}`}>
            {ret}
          </code>
        ) : call.refused !== null ? (
          <span className="call-refused" title={call.refused}>
            {t('refused')}
          </span>
        ) : (
          <span className={`call-wait${call.blocked ? ' is-blocked' : ''}`}>
            {call.blocked ? t('blockedNow') : t('pending')}
          </span>
        )}
      </div>
      {call.data.length > 0 || call.packets.length > 0 ? (
        <div className="call-meta">
          {call.data.map((data) => (
            <span key={data.seq} className={`meta-data dir-${data.direction}`}>
              <span className="dir">
                {data.direction === 'sent' ? <ArrowUpIcon /> : <ArrowDownIcon />}{' '}
                {data.direction === 'sent' ? t('sent') : t('received')} {t('bytes', { count: data.bytes })}
              </span>
              <q className="payload">{data.text}</q>
            </span>
          ))}
          {call.packets.length > 0 && (
            <span className="packets" title={t('packets')}>
              {call.packets.map((packet) => (
                <span key={packet.seq} className="pkt">
                  <b>{flagSet(packet.flags)}</b> :{packet.src.port}→:{packet.dst.port}
                  {packet.length > 0 ? ` len=${packet.length}` : ''}
                </span>
              ))}
            </span>
          )}
        </div>
      ) : null}
    </li>
  );
});
