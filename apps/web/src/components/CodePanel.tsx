import type { Program } from '@socklab/lessons';
import { useEffect, useMemo, useRef } from 'react';
import { tokenizeC } from '../view/format.ts';
import type { LineValue } from '../view/lineValues.ts';

type Props = {
  program: Program;
  /** The port the lesson's C source is written with (`htons(4000)`). */
  defaultPort: number | null;
  /** The port the lesson really uses, shown in its place. */
  port: number | null;
  /** The line of the actor's latest step. */
  current: number | null;
  /** The current line is a call that has not returned because it would block. */
  blocked: boolean;
  /** The line the actor's next step will run, if the next step is this actor's. */
  next: number | null;
  /** Lines of steps already run. */
  done: ReadonlySet<number>;
  blockedLabel: string;
  kernelPortTitle: string | null;
  /** The kernel's return value on each line a step ran, at the moment shown. */
  values?: ReadonlyMap<number, LineValue>;
  valueTitle?: string;
};

export function CodePanel({
  program,
  defaultPort,
  port,
  current,
  blocked,
  next,
  done,
  blockedLabel,
  kernelPortTitle,
  values,
  valueTitle,
}: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const tokens = useMemo(() => program.lines.map((line) => tokenizeC(line, defaultPort)), [program, defaultPort]);
  const focus = current ?? next;

  useEffect(() => {
    const box = scroller.current;
    if (box === null || focus === null) return;
    const row = box.querySelector<HTMLElement>(`[data-line="${focus}"]`);
    if (row === null) return;
    const top = row.offsetTop - box.clientHeight / 2 + row.offsetHeight / 2;
    const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    box.scrollTo({ top: Math.max(0, top), behavior: smooth ? 'smooth' : 'auto' });
  }, [focus]);

  return (
    // A scrolling region is a Tab stop, so the code scrolls by keyboard too.
    <div
      className="code"
      ref={scroller}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must take the focus to scroll by keyboard (WCAG 2.1.1)
      tabIndex={0}
      data-testid={`code-${program.actor}`}
    >
      <ol className="code-lines">
        {tokens.map((lineTokens, i) => {
          const n = i + 1;
          const isCurrent = n === current;
          const classes = ['code-line'];
          if (isCurrent) classes.push(blocked ? 'is-blocked' : 'is-current');
          if (n === next && !isCurrent) classes.push('is-next');
          if (done.has(n) && !isCurrent) classes.push('is-done');
          return (
            <li
              key={n}
              className={classes.join(' ')}
              data-line={n}
              aria-current={isCurrent ? 'step' : undefined}
              data-current={isCurrent || undefined}
            >
              <span className="gutter" aria-hidden="true">
                {n}
              </span>
              <code>
                {lineTokens.length === 0 ? ' ' : null}
                {lineTokens.map((token, j) =>
                  token.kind === 'port' ? (
                    // biome-ignore lint/suspicious/noArrayIndexKey: tokens of a static line never reorder
                    <span key={j} className="tok-port" title={kernelPortTitle ?? undefined}>
                      {port ?? 'PORT'}
                    </span>
                  ) : (
                    // biome-ignore lint/suspicious/noArrayIndexKey: tokens of a static line never reorder
                    <span key={j} className={`tok-${token.kind}`}>
                      {token.text}
                    </span>
                  ),
                )}
              </code>
              {values?.has(n) && <LineValueTag value={values.get(n)!} title={valueTitle} />}
              {isCurrent && blocked && (
                <span className="blocked-marker" role="status">
                  {blockedLabel}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** `server_socket = 3`, `→ 0`, or `→ -1 ECONNREFUSED`: what the kernel returned on a line. */
function LineValueTag({ value, title }: { value: LineValue; title: string | undefined }) {
  return (
    <span
      className={`line-value${value.ret < 0 ? ' is-error' : ''}`}
      data-testid="line-value"
      data-variable={value.variable ?? undefined}
      data-ret={value.ret}
      data-errno={value.errno ?? undefined}
      title={title}
    >
      {value.variable === null ? '→ ' : `${value.variable} = `}
      <b className="line-ret">{value.ret}</b>
      {value.errno !== null && <span className="line-errno"> {value.errno}</span>}
    </span>
  );
}
