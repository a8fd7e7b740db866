import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createLabStore } from '../store/labStore.ts';
import { LabStoreProvider } from '../store/useLab.ts';
import { stamp } from '../view/helloLog.fixture.ts';
import { viewAt } from '../view/viewAt.ts';
import { Lane } from './Lane.tsx';
import { Timeline } from './Timeline.tsx';
import { WirePanel } from './WirePanel.tsx';

// SECURITY.md #9 and test 17: payload bytes and program output are text, never markup.
const hostile = '<img src=x onerror=alert(1)>';

const log = stamp([
  { type: 'lesson.start', lesson: 'hello', params: { port: 4000 }, steps: 11 },
  { type: 'lesson.step', lesson: 'hello', index: 7, actor: 'client', syscall: 'read' },
  { type: 'syscall.enter', callId: 8, actor: 'client', syscall: 'read', socket: 'c1', args: { fd: 4, size: 29 } },
  {
    type: 'syscall.exit',
    callId: 8,
    actor: 'client',
    syscall: 'read',
    socket: 'c1',
    ret: hostile.length,
    errno: null,
    blocked: false,
    durationMs: 0.1,
    impl: 'read(4, buf, 29)',
  },
  { type: 'data', callId: 8, actor: 'client', socket: 'c1', direction: 'received', base64: 'PGltZz4=', text: hostile },
  { type: 'stdout', actor: 'client', text: `Message from server: ${hostile} \n` },
  {
    type: 'packet',
    callId: 8,
    family: 'inet',
    src: { family: 'inet', host: '127.0.0.1', port: 4000 },
    dst: { family: 'inet', host: '127.0.0.1', port: 50312 },
    flags: ['ACK', 'PSH'],
    seqNo: 101,
    ackNo: 201,
    relSeq: 1,
    relAck: 1,
    window: 512,
    length: hostile.length,
    options: { mss: null, windowScale: null, sackPermitted: false, sackBlocks: 0, timestamps: null, unknown: [] },
    payloadBase64: 'PGltZz4=',
    payloadText: hostile,
  },
]);

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
    const html = renderToStaticMarkup(createElement(Timeline, { view, lang: 'en' }));
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('in the stdout box', () => {
    const program = view.lessonDef!.programs[1]!;
    const html = withStore(createElement(Lane, { actor: 'client', program, view, lang: 'ko' }));
    expect(html).not.toContain('<img');
    expect(html).toContain('Message from server: &lt;img src=x onerror=alert(1)&gt;');
  });

  it('on the wire and in the decoded segment', () => {
    const packet = view.packets[0]!;
    const html = withStore(createElement(WirePanel, { view, lang: 'en' }), packet.seq);
    expect(html).toContain('data-testid="packet-details"');
    expect(html).not.toContain('<img');
    expect(html.split('&lt;img src=x onerror=alert(1)&gt;').length - 1).toBe(2);
  });
});
