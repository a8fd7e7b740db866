import { flagLabel, flagSet, formatAddress, showReturn } from '@socklab/protocol';
import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import { actorName } from '../i18n/strings.ts';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab, useLabStore } from '../store/useLab.ts';
import { shortAddress } from '../view/format.ts';
import type { CallView, LabView, PacketView, WireGroup, WirePeer } from '../view/viewAt.ts';
import { windowShift } from '../view/wire.ts';
import { CopyText } from './CopyText.tsx';
import { callVersion } from './callVersion.ts';
import { actorTone } from './endpointLabel.ts';
import { CloseIcon } from './icons.tsx';
import { useFollowEnd } from './useKeptScroll.ts';
import { useWindowedList } from './useWindowedList.ts';

const PAD = 14;
const key = (address: PacketView['src']) => `${address.host}:${address.port}`;

/** Where each peer's lifeline runs, in % of the panel's width. */
function columns(peers: readonly WirePeer[]): Map<string, number> {
  const n = peers.length;
  return new Map(peers.map((p, i) => [p.key, n === 1 ? 50 : PAD + (i * (100 - 2 * PAD)) / (n - 1)]));
}

/** `byColumn` with every address of `columnOf` added, mapped to its column's value. */
function byAddress<T>(byColumn: Map<string, T>, columnOf: ReadonlyMap<string, string>): Map<string, T> {
  const all = new Map(byColumn);
  for (const [address, column] of columnOf) {
    const value = byColumn.get(column);
    if (value !== undefined) all.set(address, value);
  }
  return all;
}

const peerClass = (peer: WirePeer | undefined) => `peer-${actorTone(peer?.actor ?? null)}`;

// A group's height before it is measured: its head, and a row per packet.
const groupEstimate = (group: WireGroup | undefined) => 30 + (group?.packets.length ?? 0) * 34;

/**
 * The packets of the lab as a sequence diagram, grouped by the call that caused
 * them: each group re-renders only when it changed, and a long run (the
 * playground) renders only the groups in sight.
 */
export function WirePanel({ view, active = true }: { view: LabView; active?: boolean }) {
  const t = useStrings();
  const store = useLabStore();
  const selectedSeq = useLab((s) => s.selectedPacket);
  const scroller = useRef<HTMLDivElement>(null);
  const capture = view.hello?.capabilities.capture;
  const { peers, groups, columnOf } = view.wire;
  // The tracker keeps the same peers until a new address or owner: so do the columns.
  // Both by column and by address (a program's addresses share its column).
  const x = useMemo(() => byAddress(columns(peers), columnOf), [peers, columnOf]);
  const peerOf = useMemo(() => byAddress(new Map(peers.map((p) => [p.key, p])), columnOf), [peers, columnOf]);
  const selected = view.packets.find((p) => p.seq === selectedSeq) ?? null;
  const count = view.packets.length;
  // Packets of the current step (or later, between calls) are new: they animate in. The playground has no
  // steps: its latest call's (not every packet again whenever its group comes into sight, SPEC MOTION-1).
  const freshAfter = view.current?.seq ?? view.calls.at(-1)?.enterSeq ?? -1;
  const currentStep = view.current?.index ?? null;
  const rows = useWindowedList(scroller, groups.length, { estimate: (i) => groupEstimate(groups[i]) });
  const onSelect = useCallback(
    (seq: number) => store.getState().selectPacket(seq === store.getState().selectedPacket ? null : seq),
    [store],
  );

  // Follow the newest call or packet, and only when one arrives (scrolling reads the layout: in the frame).
  const grown = groups.length + count;
  useFollowEnd(scroller, grown, active);

  // The packet whose fields are shown stays in sight above them.
  const selectedAt = selected?.seq ?? null;
  useEffect(() => {
    if (selectedAt === null || !active) return;
    scroller.current?.querySelector(`[data-seq="${selectedAt}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedAt, active]);

  return (
    <section
      className="wire-panel"
      data-testid="wire-panel"
      data-capture={capture?.available ?? 'unknown'}
      aria-label={t('wire.title')}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the panel scrolls when it is short (a projector, a tablet); a region that scrolls must take the focus to scroll by keyboard (WCAG 2.1.1)
      tabIndex={0}
    >
      {capture !== undefined && !capture.available && <CaptureOffNote reason={capture.reason} />}
      {capture?.available !== false && count === 0 && <p className="wire-empty">{t('wire.empty')}</p>}
      {count > 0 && (
        <>
          <div className="wire-peers" aria-hidden="true">
            {peers.map((peer) => (
              <span
                key={peer.key}
                className={`wire-peer ${peerClass(peer)}`}
                style={{ left: `${x.get(peer.key)}%` }}
                title={`${formatAddress(peer.address)}${peer.listener ? ` · ${t('wire.listening')}` : ''}${peer.addresses > 1 ? ` · ${t('wire.addresses', { count: peer.addresses })}` : ''}`}
              >
                <b>{peer.actor !== null ? actorName(t, peer.actor) : t('wire.outside')}</b>
                <code>
                  {shortAddress(peer.address)}
                  {peer.listener && <small> {t('wire.listening')}</small>}
                </code>
              </span>
            ))}
            {peers.length === 2 && selected === null && <span className="wire-pick">{t('wire.pick')}</span>}
          </div>
          <div className="wire-scroll" ref={scroller}>
            <div className="wire-content">
              {peers.map((peer) => (
                <span
                  key={peer.key}
                  className={`lifeline ${peerClass(peer)}`}
                  style={{ left: `${x.get(peer.key)}%` }}
                  aria-hidden="true"
                />
              ))}
              <ol className="wire-groups" data-groups={groups.length}>
                {rows.before > 0 && <li className="list-spacer" aria-hidden="true" style={{ height: rows.before }} />}
                {groups.slice(rows.first, rows.end).map((group, i) => {
                  const call = group.callId === null ? undefined : view.calls[callIndex(view.calls, group.callId)];
                  const selectedHere = group.packets.some((p) => p.seq === selectedSeq) ? selectedSeq : null;
                  return (
                    <Group
                      key={group.key}
                      group={group}
                      packets={group.packets.length}
                      call={call}
                      callVersion={call === undefined ? '' : callVersion(call)}
                      isCurrent={call !== undefined && call.step !== null && call.step === currentStep}
                      peers={peerOf}
                      x={x}
                      freshAfter={group.packets.some((p) => p.seq > freshAfter) ? freshAfter : null}
                      selectedSeq={selectedHere}
                      onSelect={onSelect}
                      rowRef={rows.measure(rows.first + i)}
                    />
                  );
                })}
                {rows.after > 0 && <li className="list-spacer" aria-hidden="true" style={{ height: rows.after }} />}
              </ol>
            </div>
          </div>
          {selected !== null && (
            <PacketDetails packet={selected} view={view} onClose={() => store.getState().selectPacket(null)} />
          )}
        </>
      )}
    </section>
  );
}

/**
 * The index of call `callId` in `calls` (in the order they were entered, ids
 * growing with it), found by bisection: a long run has thousands.
 */
function callIndex(calls: readonly CallView[], callId: number): number {
  let low = 0;
  let high = calls.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const id = calls[mid]!.callId;
    if (id === callId) return mid;
    if (id < callId) low = mid + 1;
    else high = mid - 1;
  }
  return calls.findIndex((c) => c.callId === callId);
}

type GroupProps = {
  /** Grows in place as packets come: `packets` (their count) says when. */
  group: WireGroup;
  packets: number;
  call: CallView | undefined;
  /** The call changes in place too (see `callVersion`). */
  callVersion: string;
  isCurrent: boolean;
  peers: ReadonlyMap<string, WirePeer>;
  x: ReadonlyMap<string, number>;
  /** Packets after this seq are new (they animate in); null when none of the group's is. */
  freshAfter: number | null;
  /** The selected packet, when it is one of this group's. */
  selectedSeq: number | null;
  onSelect: (seq: number) => void;
  rowRef: ((element: HTMLElement | null) => void) | undefined;
};

const Group = memo(function Group({
  group,
  call,
  isCurrent,
  peers,
  x,
  freshAfter,
  selectedSeq,
  onSelect,
  rowRef,
}: GroupProps) {
  const t = useStrings();
  const classes = ['wire-group', call === undefined ? 'is-between' : `actor-${actorTone(call.actor)}`];
  if (isCurrent) classes.push('is-current');
  if (group.packets.length === 0) classes.push('is-quiet');
  const ret = call?.exit == null ? null : showReturn(call.exit);
  let fresh = 0;
  return (
    <li ref={rowRef} className={classes.join(' ')} data-call={call?.syscall ?? ''} data-call-id={group.callId ?? ''}>
      <div className="group-head" title={call === undefined ? t('wire.betweenCallsHint') : undefined}>
        {call === undefined ? (
          <span className="group-call">{t('wire.betweenCalls')}</span>
        ) : (
          <>
            <span className={`actor-chip actor-${actorTone(call.actor)}`}>{actorName(t, call.actor)}</span>
            <code className="group-call">{call.syscall}()</code>
            {call.step !== null && <span className="call-step">#{call.step + 1}</span>}
            <code className={`group-ret${call.exit?.errno ? ' is-error' : ''}`}>
              {ret ?? (call.blocked ? t('blockedNow') : call.refused !== null ? t('refused') : t('pending'))}
            </code>
          </>
        )}
        {group.packets.length > 0 && (
          <span className="group-count">{t('wire.packetCount', { count: group.packets.length })}</span>
        )}
      </div>
      {group.packets.length > 0 && (
        <ol className="wire-packets">
          {group.packets.map((packet) => {
            const from = x.get(key(packet.src)) ?? 0;
            const to = x.get(key(packet.dst)) ?? 100;
            const isFresh = freshAfter !== null && packet.seq > freshAfter;
            const delay = isFresh ? fresh++ * 260 : 0;
            const flags = flagSet(packet.flags);
            const classes = ['wire-packet', peerClass(peers.get(key(packet.src)))];
            if (isFresh) classes.push('is-fresh');
            if (packet.flags.includes('RST')) classes.push('is-rst');
            if (packet.length > 0) classes.push('has-payload');
            if (packet.seq === selectedSeq) classes.push('is-selected');
            return (
              <li
                key={packet.seq}
                className={classes.join(' ')}
                data-testid="wire-packet"
                data-flags={flags}
                data-call={call?.syscall ?? ''}
                data-seq={packet.seq}
                style={{ animationDelay: `${delay}ms` }}
              >
                <button
                  type="button"
                  className="packet-hit"
                  aria-pressed={packet.seq === selectedSeq}
                  title={t('wire.pick')}
                  onClick={() => onSelect(packet.seq)}
                >
                  <span
                    className={`pkt-arrow ${to >= from ? 'dir-right' : 'dir-left'}`}
                    style={{
                      left: `${Math.min(from, to)}%`,
                      width: `${Math.abs(to - from)}%`,
                      animationDelay: `${delay}ms`,
                    }}
                  >
                    <span className="pkt-label">
                      <b className="pkt-flags">{flagLabel(packet.flags)}</b>
                      <span className="pkt-nums">
                        seq {packet.relSeq}
                        {packet.flags.includes('ACK') ? ` ack ${packet.relAck}` : ''}
                        {packet.length > 0 ? ` len ${packet.length}` : ''}
                      </span>
                    </span>
                    <span className="arrow-line" />
                    {packet.length > 0 && <q className="pkt-payload">{packet.payloadText}</q>}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </li>
  );
});

type DetailsProps = { packet: PacketView; view: LabView; onClose: () => void };

function PacketDetails({ packet, view, onClose }: DetailsProps) {
  const t = useStrings();
  const lang = useLab((s) => s.lang);
  const call: CallView | undefined =
    packet.callId === null ? undefined : view.calls.find((c) => c.callId === packet.callId);
  const peerName = (address: PacketView['src']) => {
    const column = view.wire.columnOf.get(key(address));
    const peer = view.wire.peers.find((p) => p.key === column);
    return peer?.actor != null ? actorName(t, peer.actor) : t('wire.outside');
  };
  const shift = windowShift(view.packets, packet);
  const o = packet.options;
  const options: string[] = [];
  if (o.mss !== null) options.push(`${t('packet.mss')} ${o.mss}`);
  if (o.windowScale !== null) options.push(`${t('packet.windowScale')} ${o.windowScale} (×${2 ** o.windowScale})`);
  if (o.sackPermitted) options.push(t('packet.sackPermitted'));
  if (o.sackBlocks > 0) options.push(`${t('packet.sackBlocks')} ${o.sackBlocks}`);
  if (o.timestamps !== null)
    options.push(`${t('packet.timestamps')} TSval ${o.timestamps.value} TSecr ${o.timestamps.echo}`);
  if (o.unknown.length > 0) options.push(`${t('packet.unknownOptions')} ${o.unknown.join(', ')}`);
  const hasAck = packet.flags.includes('ACK');

  return (
    <aside className="packet-details" data-testid="packet-details" data-seq={packet.seq} aria-label={t('packet.title')}>
      <header className="details-head">
        <h3>
          <b className="pkt-flags">{flagLabel(packet.flags)}</b>
          <small>[{flagSet(packet.flags)}]</small>
        </h3>
        <span className="details-cause">
          {call === undefined ? t('packet.between') : t('packet.causedBy', { call: `${call.syscall}()` })}
          {call !== undefined && ` · ${t('packet.at', { ms: (packet.t - call.enterT).toFixed(1) })}`}
        </span>
        <button type="button" className="toast-close" aria-label={t('packet.close')} onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      <dl className="details-grid">
        <dt>
          {t('packet.from')} → {t('packet.to')}
        </dt>
        <dd className="wide">
          <code title={formatAddress(packet.src)}>{shortAddress(packet.src)}</code>{' '}
          <small>{peerName(packet.src)}</small> →{' '}
          <code title={formatAddress(packet.dst)}>{shortAddress(packet.dst)}</code>{' '}
          <small>{peerName(packet.dst)}</small>
        </dd>
        <dt title={t('packet.seqTitle')}>{t('packet.seq')}</dt>
        <dd data-field="seq">
          <code>{packet.relSeq}</code> <small>{t('packet.relative')}</small> · <code>{packet.seqNo}</code>{' '}
          <small>{t('packet.absolute')}</small>
        </dd>
        <dt title={t('packet.ackTitle')}>{t('packet.ack')}</dt>
        <dd data-field="ack">
          {hasAck ? (
            <>
              <code>{packet.relAck}</code> <small>{t('packet.relative')}</small> · <code>{packet.ackNo}</code>{' '}
              <small>{t('packet.absolute')}</small>
            </>
          ) : (
            <span className="muted">{t('packet.noAck')}</span>
          )}
        </dd>
        <dt>{t('packet.window')}</dt>
        <dd data-field="window">
          <code>{packet.window}</code>{' '}
          <small>
            {packet.flags.includes('SYN')
              ? t('packet.windowUnscaled')
              : shift !== null
                ? t('packet.windowScaled', { shift, bytes: (packet.window * 2 ** shift).toLocaleString(lang) })
                : ''}
          </small>
        </dd>
        <dt>{t('packet.length')}</dt>
        <dd>
          <code>{packet.length}</code>
        </dd>
        <dt>{t('packet.options')}</dt>
        <dd className="wide" data-field="options">
          {options.length === 0 ? t('packet.none') : options.join(' · ')}
        </dd>
        <dt>{t('packet.payload')}</dt>
        <dd className="wide">
          {packet.length === 0 ? (
            <span className="muted">{t('packet.noPayload')}</span>
          ) : (
            <pre className="details-payload">{packet.payloadText}</pre>
          )}
        </dd>
      </dl>
    </aside>
  );
}

function CaptureOffNote({ reason }: { reason: string | undefined }) {
  const t = useStrings();
  return (
    <div className="capture-off" data-testid="capture-off-note" role="note">
      <h3>{t('captureNote.title')}</h3>
      <p>{t('captureNote.body')}</p>
      <ol className="capture-steps">
        <li>
          <span>{t('captureNote.sudo')}</span>
          <CopyText text="sudo npm start" />
        </li>
        <li>
          <span>{t('captureNote.setcap')}</span>
          <CopyText text="sudo setcap cap_net_raw+ep $(readlink -f $(which node))" />
          <span>{t('captureNote.restart')}</span>
        </li>
      </ol>
      {reason !== undefined && <p className="capture-reason">{t('captureNote.reason', { reason })}</p>}
    </div>
  );
}
