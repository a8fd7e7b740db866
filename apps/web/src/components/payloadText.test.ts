import type { SocklabEvent } from '@socklab/protocol';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createLabStore } from '../store/labStore.ts';
import { LabStoreProvider } from '../store/useLab.ts';
import { helloLog } from '../view/recordings.fixture.ts';
import { viewAt } from '../view/viewAt.ts';
import { Lane } from './Lane.tsx';
import { Timeline } from './Timeline.tsx';
import { WirePanel } from './WirePanel.tsx';

// SECURITY.md #9 and test 17: payload bytes and program output are text, never markup.
const hostile = '<img src=x onerror=alert(1)>';

// The real hello session, with every byte the programs moved or printed replaced by markup.
const log = helloLog.map((event): SocklabEvent => {
  switch (event.type) {
    case 'data':
      return { ...event, text: hostile };
    case 'output':
      return { ...event, text: `Message from server: ${hostile} \n` };
    case 'packet':
      return event.length > 0 ? { ...event, payloadText: hostile } : event;
    case 'syscall.enter':
      return event.call.syscall === 'write' ? { ...event, call: { ...event.call, text: hostile } } : event;
    default:
      return event;
  }
});

const withStore = (element: ReactElement, selectedPacket: number | null = null) => {
  const store = createLabStore();
  store.getState().selectPacket(selectedPacket);
  // Server rendering reads a store's initial state: start it from the selection.
  Object.assign(store, { getInitialState: store.getState });
  // biome-ignore lint/correctness/noChildrenProp: the provider's props type requires children, which createElement's third argument does not satisfy
  return renderToStaticMarkup(createElement(LabStoreProvider, { store, children: element }));
};

describe('payloads render as text', () => {
  const view = viewAt(log, log.length);

  it('in the timeline', () => {
    const html = withStore(createElement(Timeline, { view }));
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('in the output box', () => {
    const program = view.lessonDef!.programs[1]!;
    const html = withStore(createElement(Lane, { actor: 'client', program, view }));
    expect(html).not.toContain('<img');
    expect(html).toContain('Message from server: &lt;img src=x onerror=alert(1)&gt;');
  });

  it('on the wire and in the decoded segment', () => {
    const packet = view.packets.find((p) => p.length > 0)!;
    const html = withStore(createElement(WirePanel, { view }), packet.seq);
    expect(html).toContain('data-testid="packet-details"');
    expect(html).not.toContain('<img');
    expect(html.split('&lt;img src=x onerror=alert(1)&gt;').length - 1).toBe(2);
  });
});
