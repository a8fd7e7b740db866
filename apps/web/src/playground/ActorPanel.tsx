import { type EventOf, formatAddress, type PlaygroundCall, showReturn } from '@socklab/protocol';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useIsViewer } from '../class/useIsViewer.tsx';
import { CopyText } from '../components/CopyText.tsx';
import { FoldToggle } from '../components/FoldToggle.tsx';
import { CloseIcon } from '../components/icons.tsx';
import { recentItems } from '../components/recentItems.ts';
import { SocketCard } from '../components/SocketCard.tsx';
import { actorName, type Strings } from '../i18n/strings.ts';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab, useLabStore } from '../store/useLab.ts';
import { type CallExit, type LabView, type SocketView, shownEndpoint, socketsOf } from '../view/viewAt.ts';
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

type Props = { actor: string; view: LabView; controls: PlaygroundControls };

/** How many closed sockets an actor's panel keeps drawn before it folds the older ones. */
const keptClosed = 2;

/** Why a field of the form is refused. */
function invalidText(t: Strings, problem: Invalid): string {
  if (problem.field === 'host')
    return problem.reason === 'empty' ? t('pg.invalid.hostEmpty') : t('pg.invalid.hostLong');
  return t(`pg.invalid.${problem.field}`);
}

const explained = new Set([
  'SOCKLAB_ERR_CLOSED_SOCKET',
  'SOCKLAB_ERR_ADDRESS_REFUSED',
  'SOCKLAB_ERR_BUSY',
  'SOCKLAB_ERR_BAD_MESSAGE',
  'SOCKLAB_ERR_LIMIT',
  'SOCKLAB_ERR_NO_SUCH_SOCKET',
] as const);
type Explained = typeof explained extends Set<infer C> ? C : never;

/** What a refusal means for the program, or the server's own message for a code without an explanation. */
function explain(t: Strings, code: string, message: string, fd: number | null): string {
  if (!explained.has(code as Explained)) return message;
  return t(`pg.explain.${code as Explained}`, { message, fd: fd ?? 'N' });
}

/** What one actor's panel shows of the lab: the parts of the view that are that actor's own. */
type Slice = {
  actor: string;
  /** This actor's sockets: the same array while none of them changed (`useSameList`). */
  sockets: SocketView[];
  /** The socket the state diagram follows, if any. */
  shownSocket: string | null;
  /** The call this actor is blocked in, if any. */
  blockedSyscall: string | null;
  /** Whether this actor made a call yet. */
  called: boolean;
  /** This actor's latest call once it returned (its exit is one object, made when it returned). */
  last: { syscall: string; callId: number; exit: CallExit } | null;
  started: boolean;
  /** This actor's call is running (for `runningAfterMs` and more). */
  running: boolean;
  /** Some call is running: the forms wait. */
  anyRunning: boolean;
  /** The refusal that answered this actor's latest call, and the fd it was about. */
  refusal: EventOf<'error'> | null;
  refusedFd: number | null;
  call: PlaygroundControls['call'];
  dismissRefusal: PlaygroundControls['dismissRefusal'];
};

/**
 * `list` itself the first time, then the array returned before for as long as `list` holds the same
 * items in the same order: a filter of the view's list is new at every answer, its items are not.
 */
function useSameList<T>(list: T[]): T[] {
  const kept = useRef(list);
  const was = kept.current;
  if (was !== list && (was.length !== list.length || was.some((item, i) => item !== list[i]))) kept.current = list;
  return kept.current;
}

/**
 * One program of the playground: what it is doing, a form for its next call, its sockets.
 * It takes from the view only what is this actor's, so an answer to another actor's call
 * (or one that changed nothing of this actor's) renders nothing of this panel again.
 */
export function ActorPanel({ actor, view, controls }: Props) {
  const selected = useLab((s) => s.selectedEndpoint);
  const sockets = useSameList(socketsOf(view, actor));
  const lastCall = view.calls.findLast((c) => c.actor === actor);
  const syscall = lastCall?.syscall ?? null;
  const callId = lastCall?.callId ?? null;
  const exit = lastCall?.exit ?? null;
  // A new object only when the call or its exit is another (calls change in place at the head).
  const last = useMemo(
    () => (syscall === null || callId === null || exit === null ? null : { syscall, callId, exit }),
    [syscall, callId, exit],
  );
  const own = controls.sent?.actor === actor;
  const refusal = controls.refusal !== null && own ? controls.refusal : null;
  return (
    <ActorBody
      actor={actor}
      sockets={sockets}
      shownSocket={shownEndpoint(view, selected)?.socket ?? null}
      blockedSyscall={view.blocked[actor]?.syscall ?? null}
      called={lastCall !== undefined}
      last={last}
      started={controls.started}
      running={controls.running && own}
      anyRunning={controls.running}
      refusal={refusal}
      refusedFd={
        refusal === null
          ? null
          : (fdIn(refusal.message) ?? view.sockets.find((s) => s.id === controls.sent?.socket)?.fd ?? null)
      }
      call={controls.call}
      dismissRefusal={controls.dismissRefusal}
    />
  );
}

const ActorBody = memo(function ActorBody({
  actor,
  sockets,
  shownSocket,
  blockedSyscall,
  called,
  last,
  started,
  running,
  anyRunning,
  refusal: ownRefusal,
  refusedFd,
  call,
  dismissRefusal,
}: Slice) {
  const t = useStrings();
  const store = useLabStore();
  const select = useCallback((socket: string) => store.getState().selectEndpoint(socket), [store]);
  const [draft, setDraft] = useState<CallDraft>(emptyDraft);
  // A class viewer sees the teacher's calls and makes none: no form (hidden, not disabled).
  const viewer = useIsViewer();
  const [shownInvalid, setShownInvalid] = useState<Invalid[]>([]);
  // A long session's closed sockets fold away (the DOM stays flat): the open ones, the selected one and the latest closed.
  const [allSockets, setAllSockets] = useState(false);
  const cards = recentItems(
    sockets,
    (s) => !s.closed,
    (s) => s.id === shownSocket,
    keptClosed,
    allSockets,
  );
  // The socket menu folds as the cards do (SPEC FLAT-1): the open ones, the one the form acts on, the latest closed.
  const choices = recentItems(
    sockets,
    (s) => !s.closed,
    (s) => s.id === draft.socket,
    keptClosed,
    allSockets,
  ).shown;
  // Cleared only when something is shown: a press of Call with nothing to clear renders nothing.
  const clearInvalid = () => setShownInvalid((was) => (was.length === 0 ? was : []));
  const update = (patch: Partial<CallDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    clearInvalid();
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

  const disabled = !started || anyRunning || blockedSyscall !== null;
  const fields = fieldsOf(draft.syscall);
  const listening = sockets.find((s) => s.role === 'listener' && s.tcp === 'LISTEN' && s.local !== null && !s.closed);

  const submit = () => {
    const result = toPlaygroundCall(draft);
    if (!result.ok) {
      setShownInvalid(result.invalid);
      return;
    }
    clearInvalid();
    call(actor, result.call as PlaygroundCall);
  };

  let status: { tone: string; text: string };
  if (blockedSyscall !== null)
    status = { tone: 'blocked', text: t('process.blockedIn', { actor: actorName(t, actor), call: blockedSyscall }) };
  else if (running) status = { tone: 'busy', text: t('pg.running') };
  else status = { tone: called ? 'paused' : 'idle', text: called ? t('pg.ready') : t('pg.idle') };

  const invalidOf = (field: Field | 'socket') => shownInvalid.find((p) => p.field === field);
  const input = (field: 'host' | 'port' | 'backlog' | 'size' | 'value') => (
    <label className={`pg-field pg-field-${field}`}>
      <span>{t(`pg.${field}`)}</span>
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
      aria-label={actorName(t, actor)}
      data-testid="pg-actor"
      data-actor={actor}
      data-blocked={blockedSyscall !== null}
    >
      <header className="lane-head pg-head">
        <div className="lane-title">
          <h2>{actorName(t, actor)}</h2>
        </div>
        <div className={`process process-${status.tone}`} data-testid={`process-${actor}`}>
          <span className="process-dot" aria-hidden="true" />
          {blockedSyscall !== null ? (
            <span data-testid={`blocked-${actor}`} data-syscall={blockedSyscall}>
              {status.text}
            </span>
          ) : (
            <span>{status.text}</span>
          )}
        </div>
      </header>

      {!viewer && (
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
              <span>{t('pg.syscall')}</span>
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
                <span>{t('pg.socket')}</span>
                <select
                  data-testid="pg-socket"
                  value={draft.socket}
                  aria-invalid={invalidOf('socket') !== undefined}
                  onChange={(e) => update({ socket: e.currentTarget.value })}
                >
                  {sockets.length === 0 && <option value="">{t('pg.noSocket')}</option>}
                  {choices.map((s) => (
                    <option key={s.id} value={s.id} className={s.closed ? 'is-closed' : ''} data-closed={s.closed}>
                      {`fd ${s.fd} · ${s.closed ? `${t('pg.closedTag')} ×` : (s.tcp ?? s.api)}`}
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
                <span>{t('pg.nonblocking')}</span>
              </label>
            )}
            {fields.includes('host') && input('host')}
            {fields.includes('port') && input('port')}
            {fields.includes('backlog') && input('backlog')}
            {fields.includes('size') && input('size')}
            {fields.includes('value') && input('value')}
            {fields.includes('option') && (
              <label className="pg-field">
                <span>{t('pg.option')}</span>
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
                <span>{t('pg.how')}</span>
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
                <span>{t('pg.text')}</span>
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
                <span>{t('pg.nul')}</span>
              </label>
            )}
            <button type="submit" className="btn btn-primary pg-run" data-testid="pg-run">
              {running ? t('pg.running') : t('pg.run')}
            </button>
          </fieldset>
          {blockedSyscall !== null && (
            <p className="pg-note" role="status">
              {t('pg.disabledBlocked', { call: blockedSyscall })}
            </p>
          )}
          {shownInvalid.length > 0 && (
            <ul className="pg-invalid" data-testid="pg-invalid" role="alert">
              {shownInvalid.map((problem) => (
                <li key={problem.field}>{invalidText(t, problem)}</li>
              ))}
            </ul>
          )}
        </form>
      )}

      {ownRefusal !== null && (
        <div className="pg-error" data-testid="pg-error" data-code={ownRefusal.code} role="alert">
          <div className="pg-error-head">
            <strong>{t('pg.errorTitle')}</strong>
            <button type="button" className="toast-close" aria-label={t('pg.dismiss')} onClick={dismissRefusal}>
              <CloseIcon />
            </button>
          </div>
          <p>
            <code>{ownRefusal.code}</code> {explain(t, ownRefusal.code, ownRefusal.message, refusedFd)}
          </p>
        </div>
      )}

      <div className="lane-state pg-state">
        {last !== null && (
          <p
            className="pg-last"
            data-testid="pg-last"
            data-syscall={last.syscall}
            data-call-id={last.callId}
            data-created={last.exit.created ?? ''}
          >
            <code>
              {last.syscall}() {showReturn(last.exit)}
              {last.exit.address !== null ? ` → ${formatAddress(last.exit.address)}` : ''}
            </code>
          </p>
        )}
        <h3 className="panel-label">
          {t('sockets')} <span className="count">{sockets.filter((s) => !s.closed).length}</span>
        </h3>
        <div className="sockets">
          {sockets.length === 0 ? (
            <p className="empty">{t('noSockets')}</p>
          ) : (
            <>
              <FoldToggle
                className="btn btn-quiet pg-folded"
                testId="pg-folded"
                folded={cards.folded}
                open={allSockets}
                onToggle={() => setAllSockets((all) => !all)}
                label={allSockets ? t('pg.hideFolded') : t('pg.foldedSockets', { count: cards.folded })}
              />
              {cards.shown.map((socket) => (
                <SocketCard key={socket.id} socket={socket} selected={shownSocket === socket.id} onSelect={select} />
              ))}
            </>
          )}
        </div>
        {listening?.local != null && (
          <p className="nc-hint" data-testid="nc-hint" data-port={listening.local.port} title={t('nc.title')}>
            <span>{t('nc.hint')}</span>
            <CopyText text={`nc ${connectHost(listening.local.host)} ${listening.local.port}`} />
          </p>
        )}
      </div>
    </section>
  );
});
