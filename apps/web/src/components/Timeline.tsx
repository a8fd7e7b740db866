import type { Lang } from '@socklab/lessons';
import { useEffect, useRef } from 'react';
import { strings } from '../i18n.ts';
import { formatCall, formatReturn, seconds } from '../view/format.ts';
import type { CallView, LabView } from '../view/viewAt.ts';

export function Timeline({ view, lang, active = true }: { view: LabView; lang: Lang; active?: boolean }) {
  const t = strings[lang];
  const list = useRef<HTMLOListElement>(null);
  const calls = view.calls;
  const count = calls.length;

  // Follow the newest call as the log grows.
  useEffect(() => {
    const box = list.current;
    if (box === null || calls.length === 0 || !active) return;
    const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    box.scrollTo({ top: box.scrollHeight, behavior: smooth ? 'smooth' : 'auto' });
  }, [calls, active]);

  return (
    <section className="timeline-panel" aria-label={t.timeline}>
      <ol className="timeline" data-testid="timeline" ref={list}>
        {count === 0 && <li className="empty">{t.timelineEmpty}</li>}
        {calls.map((call) => (
          <CallRow key={call.callId} call={call} view={view} lang={lang} />
        ))}
      </ol>
    </section>
  );
}

function CallRow({ call, view, lang }: { call: CallView; view: LabView; lang: Lang }) {
  const t = strings[lang];
  const ret = formatReturn(call);
  const failed = call.exit?.errno != null;
  const isCurrent = call.step !== null && call.step === view.current?.index;
  const classes = ['call-row', `actor-${call.actor}`];
  if (isCurrent) classes.push('is-current');
  if (failed) classes.push('is-failed');
  if (call.refused !== null) classes.push('is-refused');
  else if (call.exit === null) classes.push(call.blocked ? 'is-blocked' : 'is-pending');
  return (
    <li
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
        <span className="call-actor">{t.actorName(call.actor)}</span>
        {call.step !== null && <span className="call-step">#{call.step + 1}</span>}
        {call.blocked && call.exit !== null && (
          <span className="meta-blocked">
            <i className="icon-pause" aria-hidden="true" />
            {t.blockedFor(seconds(call.exit.durationMs))}
          </span>
        )}
      </div>
      <div className="call-line">
        <code className="call-text" title={call.exit ? `${t.libcCall}: ${call.exit.impl}` : undefined}>
          {formatCall(call, view.sockets)}
        </code>
        {ret !== null ? (
          <code key="ret" className={`call-ret${failed ? ' is-error' : ''}`}>
            {ret}
          </code>
        ) : call.refused !== null ? (
          <span className="call-refused" title={call.refused}>
            {t.refused}
          </span>
        ) : (
          <span className={`call-wait${call.blocked ? ' is-blocked' : ''}`}>
            {call.blocked ? t.blockedNow : t.pending}
          </span>
        )}
      </div>
      {call.data.length > 0 || call.packets.length > 0 ? (
        <div className="call-meta">
          {call.data.map((data) => (
            <span key={data.seq} className={`meta-data dir-${data.direction}`}>
              <span className="dir">
                {data.direction === 'sent' ? '↑' : '↓'} {data.direction === 'sent' ? t.sent : t.received}{' '}
                {t.bytes(data.bytes)}
              </span>
              <q className="payload">{data.text}</q>
            </span>
          ))}
          {call.packets.length > 0 && (
            <span className="packets" title={t.packets}>
              {call.packets.map((packet) => (
                <span key={packet.seq} className="pkt">
                  <b>{packet.flags.join(',')}</b> :{packet.src.port}→:{packet.dst.port}
                  {packet.length > 0 ? ` len=${packet.length}` : ''}
                </span>
              ))}
            </span>
          )}
        </div>
      ) : null}
    </li>
  );
}
