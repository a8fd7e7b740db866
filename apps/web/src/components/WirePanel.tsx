import { flagLabel, flagSet, formatAddress, showReturn } from '@socklab/protocol';
import { useEffect, useRef } from 'react';
import { actorName } from '../i18n/strings.ts';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab, useLabStore } from '../store/useLab.ts';
import { shortAddress } from '../view/format.ts';
import type { CallView, LabView, PacketView, WireGroup, WirePeer } from '../view/viewAt.ts';
import { windowShift } from '../view/wire.ts';
import { CopyText } from './CopyText.tsx';
import { EarlierItems } from './EarlierItems.tsx';
import { actorTone } from './endpointLabel.ts';
import { CloseIcon } from './icons.tsx';
import { useTail } from './useTail.ts';

const PAD = 14;
const key = (address: PacketView['src']) => `${address.host}:${address.port}`;

/** Where each peer's lifeline runs, in % of the panel's width. */
function columns(peers: readonly WirePeer[]): Map<string, number> {
  const n = peers.length;
  return new Map(peers.map((p, i) => [p.key, n === 1 ? 50 : PAD + (i * (100 - 2 * PAD)) / (n - 1)]));
}

const peerClass = (peer: WirePeer | undefined) => `peer-${actorTone(peer?.actor ?? null)}`;

/** The packets of the lab as a sequence diagram, grouped by the call that caused them. */
export function WirePanel({ view, active = true }: { view: LabView; active?: boolean }) {
  const t = useStrings();
  const store = useLabStore();
  const selectedSeq = useLab((s) => s.selectedPacket);
  const scroller = useRef<HTMLDivElement>(null);
  const capture = view.hello?.capabilities.capture;
  const { peers, groups } = view.wire;
  const x = columns(peers);
  // Looked up once per render, not once per group: a long replay has thousands of groups and calls.
  const callOf = firstById(view.calls);
  const peerOf = new Map(peers.map((p) => [p.key, p]));
  const selected = view.packets.find((p) => p.seq === selectedSeq) ?? null;
  const count = view.packets.length;
  // Packets of the current step (or later, between calls) are new: they animate in.
  const freshAfter = view.current?.seq ?? -1;

  // Follow the newest call or packet, and only when one arrives (scrolling forces a layout).
  const grown = groups.length + count;
  // A long session's groups are shown from the latest ones back, always down to the selected packet's.
  const { start, more } = useTail(
    groups.length,
    selected === null ? -1 : groups.findIndex((g) => g.packets.includes(selected)),
  );
  useEffect(() => {
    const box = scroller.current;
    if (box === null || grown === 0 || !active) return;
    const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    box.scrollTo({ top: box.scrollHeight, behavior: smooth ? 'smooth' : 'auto' });
  }, [grown, active]);

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
                title={`${formatAddress(peer.address)}${peer.listener ? ` · ${t('wire.listening')}` : ''}`}
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
              <ol className="wire-groups">
                <EarlierItems hidden={start} onMore={more} />
                {groups.slice(start).map((group) => (
                  <Group
                    key={group.key}
                    group={group}
                    call={group.callId === null ? undefined : callOf.get(group.callId)}
                    peers={peerOf}
                    view={view}
                    x={x}
                    freshAfter={freshAfter}
                    selectedSeq={selected?.seq ?? null}
                    onSelect={(seq) => store.getState().selectPacket(seq === selectedSeq ? null : seq)}
                  />
                ))}
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

/** Each call by its callId (the first call of an id, as `calls.find` would give). */
function firstById(calls: readonly CallView[]): Map<number, CallView> {
  const byId = new Map<number, CallView>();
  for (const call of calls) if (!byId.has(call.callId)) byId.set(call.callId, call);
  return byId;
}

type GroupProps = {
  group: WireGroup;
  /** The call that caused the group's packets; undefined for packets between calls. */
  call: CallView | undefined;
  peers: ReadonlyMap<string, WirePeer>;
  view: LabView;
  x: ReadonlyMap<string, number>;
  freshAfter: number;
  selectedSeq: number | null;
  onSelect: (seq: number) => void;
};

function Group({ group, call, peers, view, x, freshAfter, selectedSeq, onSelect }: GroupProps) {
  const t = useStrings();
  const isCurrent = call !== undefined && call.step !== null && call.step === view.current?.index;
  const classes = ['wire-group', call === undefined ? 'is-between' : `actor-${actorTone(call.actor)}`];
  if (isCurrent) classes.push('is-current');
  if (group.packets.length === 0) classes.push('is-quiet');
  const ret = call?.exit == null ? null : showReturn(call.exit);
  let fresh = 0;
  return (
    <li className={classes.join(' ')} data-call={call?.syscall ?? ''} data-call-id={group.callId ?? ''}>
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
            const isFresh = packet.seq > freshAfter;
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
}

type DetailsProps = { packet: PacketView; view: LabView; onClose: () => void };

function PacketDetails({ packet, view, onClose }: DetailsProps) {
  const t = useStrings();
  const lang = useLab((s) => s.lang);
  const call: CallView | undefined =
    packet.callId === null ? undefined : view.calls.find((c) => c.callId === packet.callId);
  const peerName = (address: PacketView['src']) => {
    const peer = view.wire.peers.find((p) => p.key === key(address));
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
