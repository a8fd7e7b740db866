import { Activity, type KeyboardEvent, memo, useRef } from 'react';
import { useStrings } from '../i18n/useStrings.ts';
import type { Panel } from '../store/labStore.ts';
import { useLab, useLabStore } from '../store/useLab.ts';
import type { LabView } from '../view/viewAt.ts';
import { KernelPanel } from './KernelPanel.tsx';
import { Timeline } from './Timeline.tsx';
import { useIdleValue } from './useIdleValue.ts';
import { WirePanel } from './WirePanel.tsx';

const order: readonly Panel[] = ['calls', 'wire', 'kernel'];

/** The tab shown until the user picks one: the wire when packets can be captured, else the calls. */
export function defaultPanel(view: LabView): Panel {
  return view.hello?.capabilities.capture.available === false ? 'calls' : 'wire';
}

/** System calls | Wire | Kernel: what the programs did, what crossed the wire, what the kernel holds. */
export const CenterTabs = memo(function CenterTabs({ view }: { view: LabView }) {
  const t = useStrings();
  const store = useLabStore();
  const picked = useLab((s) => s.panel);
  const panel = picked ?? defaultPanel(view);
  const tabs = useRef<HTMLDivElement>(null);
  // The hidden panels follow the view when the browser is idle, not in the frame that shows a step.
  const idleView = useIdleValue(view);
  const viewFor = (p: Panel): LabView => (p === panel ? view : idleView);

  // What changed at the current step, to point at a tab that is not shown.
  const since = view.current?.seq ?? Number.POSITIVE_INFINITY;
  const changed: Record<Panel, boolean> = {
    calls: view.calls.some((c) => c.enterSeq > since || (c.exit?.seq ?? -1) > since),
    wire: view.packets.some((p) => p.seq > since),
    kernel: (view.kernelTable?.seq ?? -1) > since && (view.kernelTable?.rows.some((r) => r.change !== null) ?? false),
  };
  const captureOff = view.hello?.capabilities.capture.available === false;
  const counts: Record<Panel, number | string | null> = {
    calls: view.calls.length,
    wire: captureOff ? t('captureOffShort') : view.packets.length,
    kernel: view.kernelTable?.rows.length ?? null,
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    // The tab list owns ← and → while focused (ARIA tabs pattern), not the step keys.
    event.preventDefault();
    event.stopPropagation();
    const next = order[(order.indexOf(panel) + (event.key === 'ArrowRight' ? 1 : order.length - 1)) % order.length]!;
    store.getState().setPanel(next);
    tabs.current?.querySelector<HTMLButtonElement>(`[data-panel="${next}"]`)?.focus();
  };

  return (
    <section className="center-tabs" data-panel={panel}>
      <div className="tab-list" role="tablist" aria-label={t('tabsLabel')} ref={tabs} onKeyDown={onKeyDown}>
        {order.map((p) => (
          <button
            key={p}
            type="button"
            role="tab"
            id={`tab-${p}`}
            aria-controls={`panel-${p}`}
            aria-selected={p === panel}
            tabIndex={p === panel ? 0 : -1}
            className={`tab${p === panel ? ' is-on' : ''}`}
            data-testid={`tab-${p}`}
            data-panel={p}
            onClick={() => store.getState().setPanel(p)}
          >
            {t(`tabs.${p}`)}
            {counts[p] !== null && (
              <span className={`count${typeof counts[p] === 'string' ? ' is-off' : ''}`}>{counts[p]}</span>
            )}
            {changed[p] && p !== panel && <i className="tab-dot" title={t('tabChanged')} />}
          </button>
        ))}
      </div>
      {/* Every panel stays mounted (its scroll position survives, nothing replays when it comes back);
          a hidden one is brought up to date only when the browser is idle. */}
      {order.map((p) => (
        <div
          key={p}
          className={`tab-panel tab-panel-${p}`}
          role="tabpanel"
          id={`panel-${p}`}
          aria-labelledby={`tab-${p}`}
          hidden={p !== panel}
        >
          <Activity mode={p === panel ? 'visible' : 'hidden'}>
            {p === 'calls' && <Timeline view={viewFor(p)} active={p === panel} />}
            {p === 'wire' && <WirePanel view={viewFor(p)} active={p === panel} />}
            {p === 'kernel' && <KernelPanel view={viewFor(p)} />}
          </Activity>
        </div>
      ))}
    </section>
  );
});
