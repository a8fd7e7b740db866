import type { Lang } from '@socklab/lessons';
import type { PlaygroundCall } from '@socklab/protocol';
import { useEffect, useRef, useState } from 'react';
import { CopyText } from '../components/CopyText.tsx';
import { SocketCard } from '../components/SocketCard.tsx';
import { strings } from '../i18n.ts';
import { useLab, useLabStore } from '../store/useLab.ts';
import { formatAddress, formatReturn } from '../view/format.ts';
import { type LabView, shownEndpoint, socketsOf } from '../view/viewAt.ts';
import {
  type CallDraft,
  emptyDraft,
  type Field,
  fieldsOf,
  type Invalid,
  needsSocket,
  type PlaygroundSyscall,
  playgroundSyscalls,
  shutdownHows,
  sockOptions,
  toPlaygroundCall,
} from './callForm.ts';
import type { PlaygroundControls } from './usePlayground.ts';

// A listener on the wildcard address is reached through loopback.
const connectHost = (host: string) => (host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host);
const fdIn = (message: string) => {
  const match = /\(fd (\d+)\)/.exec(message);
  return match === null ? null : Number(match[1]);
};

type Props = { actor: string; view: LabView; lang: Lang; controls: PlaygroundControls };

/** One program of the playground: what it is doing, a form for its next call, its sockets. */
export function ActorPanel({ actor, view, lang, controls }: Props) {
  const t = strings[lang];
  const pg = t.pg;
  const store = useLabStore();
  const selected = useLab((s) => s.selectedEndpoint);
  const shown = shownEndpoint(view, selected);
  const sockets = socketsOf(view, actor);
  const blocked = view.blocked[actor];
  const [draft, setDraft] = useState<CallDraft>(emptyDraft);
  const [shownInvalid, setShownInvalid] = useState<Invalid[]>([]);
  const update = (patch: Partial<CallDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setShownInvalid([]);
  };

  // A socket this actor just got (socket(), accept()) becomes the one the form acts on.
  const known = useRef<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const fresh = sockets.filter((s) => !known.current.has(s.id));
    known.current = new Set(sockets.map((s) => s.id));
    const newest = fresh.at(-1);
    if (newest !== undefined) setDraft((d) => ({ ...d, socket: newest.id }));
    else if (sockets.length === 0) setDraft((d) => (d.socket === '' ? d : { ...d, socket: '' }));
  }, [sockets]);

  const ownRefusal = controls.refusal !== null && controls.sent?.actor === actor ? controls.refusal : null;
  const disabled = !controls.started || controls.pending || blocked !== undefined;
  const fields = fieldsOf(draft.syscall);
  const lastCall = view.calls.findLast((c) => c.actor === actor);
  const listening = sockets.find((s) => s.role === 'listener' && s.tcp === 'LISTEN' && s.local !== null && !s.closed);

  const submit = () => {
    const result = toPlaygroundCall(draft);
    if (!result.ok) {
      setShownInvalid(result.invalid);
      return;
    }
    setShownInvalid([]);
    controls.call(actor, result.call as PlaygroundCall);
  };

  let status: { tone: string; text: string };
  if (blocked !== undefined) status = { tone: 'blocked', text: t.process.blockedIn(actor, blocked.syscall) };
  else if (controls.pending && controls.sent?.actor === actor) status = { tone: 'busy', text: pg.running };
  else status = { tone: lastCall === undefined ? 'idle' : 'paused', text: lastCall === undefined ? pg.idle : pg.ready };

  const invalidOf = (field: Field | 'socket') => shownInvalid.find((p) => p.field === field);
  const input = (field: 'host' | 'port' | 'backlog' | 'size' | 'value') => (
    <label className={`pg-field pg-field-${field}`}>
      <span>{pg[field]}</span>
      <input
        data-testid={`pg-${field}`}
        value={draft[field]}
        inputMode={field === 'host' ? 'text' : 'numeric'}
        aria-invalid={invalidOf(field) !== undefined}
        onChange={(e) => update({ [field]: e.currentTarget.value })}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !disabled) submit();
        }}
      />
    </label>
  );

  return (
    <section
      className={`lane pg-actor lane-${actor}`}
      aria-label={t.actorName(actor)}
      data-testid="pg-actor"
      data-actor={actor}
      data-blocked={blocked !== undefined}
    >
      <header className="lane-head pg-head">
        <div className="lane-title">
          <h2>{t.actorName(actor)}</h2>
        </div>
        <div className={`process process-${status.tone}`} data-testid={`process-${actor}`}>
          <span className="process-dot" aria-hidden="true" />
          {blocked !== undefined ? (
            <span data-testid={`blocked-${actor}`} data-syscall={blocked.syscall}>
              {status.text}
            </span>
          ) : (
            <span>{status.text}</span>
          )}
        </div>
      </header>

      <form
        className="pg-form"
        aria-disabled={disabled}
        onSubmit={(e) => {
          e.preventDefault();
          if (!disabled) submit();
        }}
      >
        <fieldset disabled={disabled} className="pg-fields">
          <label className="pg-field pg-field-syscall">
            <span>{pg.syscall}</span>
            <select
              data-testid="pg-syscall"
              value={draft.syscall}
              onChange={(e) => update({ syscall: e.currentTarget.value as PlaygroundSyscall })}
            >
              {playgroundSyscalls.map((s) => (
                <option key={s} value={s}>
                  {s === 'fcntl' ? 'fcntl O_NONBLOCK' : s === 'getsockopt' ? 'getsockopt SO_ERROR' : `${s}()`}
                </option>
              ))}
            </select>
          </label>
          {needsSocket(draft.syscall) ? (
            <label className="pg-field pg-field-socket">
              <span>{pg.socket}</span>
              <select
                data-testid="pg-socket"
                value={draft.socket}
                aria-invalid={invalidOf('socket') !== undefined}
                onChange={(e) => update({ socket: e.currentTarget.value })}
              >
                {sockets.length === 0 && <option value="">{pg.noSocket}</option>}
                {sockets.map((s) => (
                  <option key={s.id} value={s.id} className={s.closed ? 'is-closed' : ''} data-closed={s.closed}>
                    {`fd ${s.fd} · ${s.closed ? `${pg.closedTag} ✕` : (s.tcp ?? s.api)}`}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <label className="pg-field pg-check">
              <input
                type="checkbox"
                data-testid="pg-nonblocking"
                checked={draft.nonblocking}
                onChange={(e) => update({ nonblocking: e.currentTarget.checked })}
              />
              <span>{pg.nonblocking}</span>
            </label>
          )}
          {fields.includes('host') && input('host')}
          {fields.includes('port') && input('port')}
          {fields.includes('backlog') && input('backlog')}
          {fields.includes('size') && input('size')}
          {fields.includes('value') && input('value')}
          {fields.includes('option') && (
            <label className="pg-field">
              <span>{pg.option}</span>
              <select
                data-testid="pg-option"
                value={draft.option}
                onChange={(e) => update({ option: e.currentTarget.value as CallDraft['option'] })}
              >
                {sockOptions.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            </label>
          )}
          {fields.includes('how') && (
            <label className="pg-field">
              <span>{pg.how}</span>
              <select
                data-testid="pg-how"
                value={draft.how}
                onChange={(e) => update({ how: e.currentTarget.value as CallDraft['how'] })}
              >
                {shutdownHows.map((h) => (
                  <option key={h}>{h}</option>
                ))}
              </select>
            </label>
          )}
          {fields.includes('text') && (
            <label className="pg-field pg-field-text">
              <span>{pg.text}</span>
              <input
                data-testid="pg-text"
                value={draft.text}
                aria-invalid={invalidOf('text') !== undefined}
                onChange={(e) => update({ text: e.currentTarget.value })}
              />
            </label>
          )}
          {fields.includes('nul') && (
            <label className="pg-field pg-check">
              <input
                type="checkbox"
                data-testid="pg-nul"
                checked={draft.nul}
                onChange={(e) => update({ nul: e.currentTarget.checked })}
              />
              <span>{pg.nul}</span>
            </label>
          )}
          <button type="submit" className="btn btn-primary pg-run" data-testid="pg-run">
            {controls.pending && controls.sent?.actor === actor ? pg.running : pg.run}
          </button>
        </fieldset>
        {blocked !== undefined && (
          <p className="pg-note" role="status">
            {pg.disabledBlocked(blocked.syscall)}
          </p>
        )}
        {shownInvalid.length > 0 && (
          <ul className="pg-invalid" data-testid="pg-invalid" role="alert">
            {shownInvalid.map((problem) => (
              <li key={problem.field}>{pg.invalid(problem)}</li>
            ))}
          </ul>
        )}
      </form>

      {ownRefusal !== null && (
        <div className="pg-error" data-testid="pg-error" data-code={ownRefusal.code} role="alert">
          <div className="pg-error-head">
            <strong>{pg.errorTitle}</strong>
            <button type="button" className="toast-close" aria-label={pg.dismiss} onClick={controls.dismissRefusal}>
              ×
            </button>
          </div>
          <p>
            <code>{ownRefusal.code}</code>{' '}
            {pg.explain(
              ownRefusal.code,
              ownRefusal.message,
              fdIn(ownRefusal.message) ?? view.sockets.find((s) => s.id === controls.sent?.socket)?.fd ?? null,
            )}
          </p>
        </div>
      )}

      <div className="lane-state pg-state">
        {lastCall?.exit != null && (
          <p className="pg-last" data-testid="pg-last" data-syscall={lastCall.syscall}>
            <code>
              {lastCall.syscall}() {formatReturn(lastCall)}
              {lastCall.exit.address !== null ? ` → ${formatAddress(lastCall.exit.address)}` : ''}
            </code>
          </p>
        )}
        <h3 className="panel-label">
          {t.sockets} <span className="count">{sockets.filter((s) => !s.closed).length}</span>
        </h3>
        <div className="sockets">
          {sockets.length === 0 ? (
            <p className="empty">{t.noSockets}</p>
          ) : (
            sockets.map((socket) => (
              <SocketCard
                key={socket.id}
                socket={socket}
                lang={lang}
                selected={shown?.socket === socket.id}
                onSelect={() => store.getState().selectEndpoint(socket.id)}
              />
            ))
          )}
        </div>
        {listening?.local != null && (
          <p className="nc-hint" data-testid="nc-hint" data-port={listening.local.port} title={t.nc.title}>
            <span>{t.nc.hint}</span>
            <CopyText text={`nc ${connectHost(listening.local.host)} ${listening.local.port}`} lang={lang} />
          </p>
        )}
      </div>
    </section>
  );
}
