import type { Program } from '@socklab/lessons';
import { memo, useCallback, useMemo } from 'react';
import { actorName } from '../i18n/strings.ts';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab, useLabStore } from '../store/useLab.ts';
import { lineValuesOf } from '../view/lineValues.ts';
import { type LabView, shownEndpoint, socketsOf } from '../view/viewAt.ts';
import { CodePanel } from './CodePanel.tsx';
import { CopyText } from './CopyText.tsx';
import { SocketCard } from './SocketCard.tsx';

// A listener on the wildcard address is reached through loopback.
const connectHost = (host: string) => (host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host);

// In the lab's own network namespace another program must join it first (as root).
const joinCommand = (view: LabView, command: string) =>
  view.network?.kind === 'netns' ? `sudo nsenter --net=${view.network.path} ${command}` : command;

type Props = { actor: string; program: Program; view: LabView };

export const Lane = memo(function Lane({ actor, program, view }: Props) {
  const t = useStrings();
  const store = useLabStore();
  const selected = useLab((s) => s.selectedEndpoint);
  // A recorded run's network is gone: no program can join it now.
  const replay = useLab((s) => s.replay !== null);
  const shown = shownEndpoint(view, selected);
  const select = useCallback((socket: string) => store.getState().selectEndpoint(socket), [store]);
  const position = view.byActor[actor];
  const blockedCall = view.blocked[actor];
  const inCall = view.inCall[actor];
  const sockets = socketsOf(view, actor);
  const output = view.output[actor] ?? [];
  const lessonDef = view.lessonDef;
  const nextStep = typeof view.next === 'number' ? lessonDef?.steps[view.next] : undefined;
  const nextLine = nextStep?.actor === actor && view.ended === null ? nextStep.line : null;
  const stepsRun = view.steps.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: at the head the view's lists grow in place; their length is what changes
  const done = useMemo(
    () => new Set(view.steps.filter((s) => s.actor === actor).map((s) => lessonDef?.steps[s.index]?.line ?? -1)),
    [view.steps, stepsRun, actor, lessonDef],
  );
  const values = useMemo(() => lineValuesOf(view, actor), [view, actor]);
  const lastOwnStep = lessonDef?.steps.findLastIndex((s) => s.actor === actor) ?? -1;
  const finished =
    position !== undefined && inCall === undefined && (position.step === lastOwnStep || view.ended !== null);
  const kernelChose = view.lesson?.port === 0 && view.port !== null && view.port !== 0;
  const name = actorName(t, actor);

  let process: { tone: string; text: string };
  if (blockedCall !== undefined)
    process = { tone: 'blocked', text: t('process.blockedIn', { actor: name, call: blockedCall.syscall }) };
  else if (inCall !== undefined) process = { tone: 'busy', text: t('process.inCall', { call: inCall.syscall }) };
  else if (position === undefined) process = { tone: 'idle', text: t('process.idle') };
  else if (finished) process = { tone: 'done', text: t('process.done') };
  else process = { tone: 'paused', text: t('process.paused', { line: position.line ?? 0 }) };

  return (
    <section className={`lane lane-${actor}`} aria-label={name} data-testid={`lane-${actor}`}>
      <header className="lane-head">
        <div className="lane-title">
          <h2>{name}</h2>
          <code className="lane-cmd" title={program.file}>
            $ {program.command.replaceAll('{port}', view.port === null ? 'PORT' : String(view.port))}
          </code>
        </div>
        <div
          className={`process process-${process.tone}`}
          data-testid={`process-${actor}`}
          data-blocked={blockedCall !== undefined}
        >
          <span className="process-dot" aria-hidden="true" />
          {blockedCall !== undefined ? (
            <span data-testid={`blocked-${actor}`} data-syscall={blockedCall.syscall}>
              {process.text}
            </span>
          ) : (
            <span>{process.text}</span>
          )}
        </div>
      </header>

      <CodePanel
        program={program}
        defaultPort={lessonDef?.port ?? null}
        port={view.port}
        current={position?.line ?? null}
        blocked={blockedCall !== undefined && blockedCall.step === position?.step}
        next={nextLine}
        done={done}
        blockedLabel={t('blockedMarker')}
        kernelPortTitle={kernelChose ? t('portChosen', { port: view.port ?? 0 }) : null}
        values={values}
        valueTitle={t('lineValueTitle')}
      />

      <div className="lane-state">
        <h3 className="panel-label">
          {t('sockets')} <span className="count">{sockets.filter((s) => !s.closed).length}</span>
        </h3>
        <div className="sockets">
          {sockets.length === 0 ? (
            <p className="empty">{t('noSockets')}</p>
          ) : (
            sockets.map((socket) => (
              <SocketCard key={socket.id} socket={socket} selected={shown?.socket === socket.id} onSelect={select} />
            ))
          )}
        </div>
        {!replay && view.listening !== null && sockets.some((s) => s.role === 'listener' && s.tcp === 'LISTEN') && (
          <p className="nc-hint" data-testid="nc-hint" data-port={view.listening.port} title={t('nc.title')}>
            <span>{t('nc.hint')}</span>
            <CopyText text={joinCommand(view, `nc ${connectHost(view.listening.host)} ${view.listening.port}`)} />
          </p>
        )}
        <h3 className="panel-label" title={t('outputTitle')}>
          {t('output')}
        </h3>
        <pre className={`stdout${output.length === 0 ? ' is-empty' : ''}`} data-testid={`stdout-${actor}`}>
          {output.length === 0 ? (
            <span className="placeholder">{t('outputEmpty')}</span>
          ) : (
            output.map((chunk, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: output only grows at its end
              <span key={i} className={`out-${chunk.stream}`} data-stream={chunk.stream}>
                {chunk.text}
              </span>
            ))
          )}
        </pre>
      </div>
    </section>
  );
});
