import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { stamp } from '../view/helloLog.fixture.ts';
import { viewAt } from '../view/viewAt.ts';
import { Lane } from './Lane.tsx';
import { Timeline } from './Timeline.tsx';

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
]);

describe('payloads render as text', () => {
  const view = viewAt(log, log.length);

  it('in the timeline', () => {
    const html = renderToStaticMarkup(createElement(Timeline, { view, lang: 'en' }));
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('in the stdout box', () => {
    const program = view.lessonDef!.programs[1]!;
    const html = renderToStaticMarkup(createElement(Lane, { actor: 'client', program, view, lang: 'ko' }));
    expect(html).not.toContain('<img');
    expect(html).toContain('Message from server: &lt;img src=x onerror=alert(1)&gt;');
  });
});
