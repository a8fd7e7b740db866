import type { Program } from '@socklab/lessons';
import { memo, useMemo, useRef } from 'react';
import { tokenizeC } from '../view/format.ts';
import type { LineValue } from '../view/lineValues.ts';
import { prefersReducedMotion, useFrameEffect } from './useFrameEffect.ts';
import { useOnResize } from './useKeptScroll.ts';

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

/** A program's C source, its lines marked as the lesson runs them; memoized, as is each line. */
export const CodePanel = memo(function CodePanel({
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

  // The step's line in the middle of the panel: glides there on a new step.
  useFrameEffect(() => centre(scroller.current, focus, prefersReducedMotion() ? 'auto' : 'smooth'), [focus]);
  // And stays there when the panel or its lines change size (a resized window, presenter mode, the
  // web fonts arriving and re-wrapping the lines), instead of keeping a position from the old layout.
  useOnResize(
    () => [scroller.current, scroller.current?.firstElementChild],
    () => centre(scroller.current, focus, 'auto'),
    [focus],
  );

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
          return (
            <CodeLine
              key={n}
              n={n}
              tokens={lineTokens}
              at={isCurrent ? (blocked ? 'blocked' : 'current') : null}
              isNext={n === next && !isCurrent}
              isDone={done.has(n) && !isCurrent}
              port={port}
              kernelPortTitle={kernelPortTitle}
              blockedLabel={isCurrent && blocked ? blockedLabel : null}
              value={values?.get(n)}
              valueTitle={valueTitle}
            />
          );
        })}
      </ol>
    </div>
  );
});

/** Scrolls `box` so that line `line` is in its middle. */
function centre(box: HTMLElement | null, line: number | null, behavior: ScrollBehavior): void {
  if (box === null || line === null) return;
  const row = box.querySelector<HTMLElement>(`[data-line="${line}"]`);
  if (row === null) return;
  const top = row.offsetTop - box.clientHeight / 2 + row.offsetHeight / 2;
  box.scrollTo({ top: Math.max(0, top), behavior });
}

type LineProps = {
  n: number;
  tokens: ReturnType<typeof tokenizeC>;
  /** The actor's latest step is on this line: running or returned, or blocked in its call. */
  at: 'current' | 'blocked' | null;
  isNext: boolean;
  isDone: boolean;
  port: number | null;
  kernelPortTitle: string | null;
  /** The marker of a call that has not returned, on the current line only. */
  blockedLabel: string | null;
  /** What the kernel returned on this line at the moment shown (a line a step ran). */
  value: LineValue | undefined;
  valueTitle: string | undefined;
};

/** The same value on a line: `lineValuesOf` makes new objects at every step, for the lines whose value stayed. */
const sameValue = (a: LineValue | undefined, b: LineValue | undefined) =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.line === b.line &&
    a.variable === b.variable &&
    a.ret === b.ret &&
    a.errno === b.errno &&
    a.step === b.step);

const sameLine = (a: LineProps, b: LineProps) =>
  a.n === b.n &&
  a.tokens === b.tokens &&
  a.at === b.at &&
  a.isNext === b.isNext &&
  a.isDone === b.isDone &&
  a.port === b.port &&
  a.kernelPortTitle === b.kernelPortTitle &&
  a.blockedLabel === b.blockedLabel &&
  sameValue(a.value, b.value) &&
  a.valueTitle === b.valueTitle;

// One line re-renders only when its own highlight, value (or the port it shows) changes: a step moves two or three.
const CodeLine = memo(function CodeLine({
  n,
  tokens,
  at,
  isNext,
  isDone,
  port,
  kernelPortTitle,
  blockedLabel,
  value,
  valueTitle,
}: LineProps) {
  const isCurrent = at !== null;
  const classes = ['code-line'];
  if (at !== null) classes.push(`is-${at}`);
  if (isNext) classes.push('is-next');
  if (isDone) classes.push('is-done');
  return (
    <li
      className={classes.join(' ')}
      data-line={n}
      aria-current={isCurrent ? 'step' : undefined}
      data-current={isCurrent || undefined}
    >
      <span className="gutter" aria-hidden="true">
        {n}
      </span>
      <code>
        {tokens.length === 0 ? ' ' : null}
        {tokens.map((token, j) =>
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
      {value !== undefined && <LineValueTag value={value} title={valueTitle} />}
      {blockedLabel !== null && (
        <span className="blocked-marker" role="status">
          {blockedLabel}
        </span>
      )}
    </li>
  );
}, sameLine);

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
