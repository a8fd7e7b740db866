import type { ReactNode } from 'react';

/**
 * socklab's icons: inline SVG in `currentColor`, 1em square, hidden from assistive
 * technology (the control beside them carries the words). Symbol characters (▶, ⏸, ↺, ✓)
 * depend on whichever font has them, and a classroom machine may have none.
 */
function Icon({ children, className }: { children: ReactNode; className?: string | undefined }) {
  return (
    <svg
      className={className === undefined ? 'icon' : `icon ${className}`}
      viewBox="0 0 16 16"
      width="1em"
      height="1em"
      fill="currentColor"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

type IconProps = { className?: string };

/** ▶| — one step. */
export function StepIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <path d="M3 2.5v11l8-5.5z" />
      <rect x="11.5" y="2.5" width="2" height="11" rx="0.5" />
    </Icon>
  );
}

/** ▶ — play. */
export function PlayIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <path d="M4 2.5v11l9-5.5z" />
    </Icon>
  );
}

/** ❚❚ — paused, or a process blocked in a call. */
export function PauseIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <rect x="3.5" y="2.5" width="3" height="11" rx="0.75" />
      <rect x="9.5" y="2.5" width="3" height="11" rx="0.75" />
    </Icon>
  );
}

/** ↺ — start again. */
export function ResetIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <Stroke d="M3.6 6.2A5 5 0 1 1 3 8" width={1.8} />
      <path d="M1.6 2.6 2.3 7.4 6.8 5.6z" />
    </Icon>
  );
}

/** ✓ — done, as expected. */
export function CheckIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <Stroke d="m3 8.5 3.2 3L13 4.5" width={2.2} join />
    </Icon>
  );
}

/** ○ — nothing yet. */
export function CircleIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <circle cx="8" cy="8" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
    </Icon>
  );
}

/** ! — a warning. */
export function AlertIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <rect x="6.8" y="2" width="2.4" height="8" rx="1.2" />
      <circle cx="8" cy="13" r="1.4" />
    </Icon>
  );
}

/** ✎ — corrected. */
export function EditIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <path d="M10.8 2.2a1.5 1.5 0 0 1 2.1 0l.9.9a1.5 1.5 0 0 1 0 2.1L6 13l-3.7.9.9-3.7z" />
    </Icon>
  );
}

/** A round-capped stroke in the text's colour: the line every outline icon is drawn with. */
function Stroke({ d, width, join = false }: { d: string; width: number; join?: boolean }) {
  return (
    <path
      d={d}
      fill="none"
      stroke="currentColor"
      strokeWidth={width}
      strokeLinecap="round"
      {...(join ? { strokeLinejoin: 'round' as const } : {})}
    />
  );
}

/** × — close, dismiss. */
export function CloseIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <Stroke d="m4 4 8 8M12 4l-8 8" width={1.8} />
    </Icon>
  );
}

/** ↑ — sent. */
export function ArrowUpIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <Stroke d="M8 13.5v-11M3.5 7 8 2.5 12.5 7" width={1.8} join />
    </Icon>
  );
}

/** ↓ — received. */
export function ArrowDownIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <Stroke d="M8 2.5v11M3.5 9 8 13.5 12.5 9" width={1.8} join />
    </Icon>
  );
}

/** ↔ — between two ends. */
export function ArrowBothIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <Stroke d="M1.5 8h13M5 4.5 1.5 8 5 11.5M11 4.5 14.5 8 11 11.5" width={1.6} join />
    </Icon>
  );
}

const chevron = {
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
} as const;

/** |‹ — to before the first step. */
export function FirstIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <rect x="2.5" y="2.5" width="2" height="11" rx="0.75" />
      <path d="M11.5 3 6.5 8l5 5" {...chevron} />
    </Icon>
  );
}

/** ‹ — one step back through what already ran. */
export function BackIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <path d="M10.5 3 5.5 8l5 5" {...chevron} />
    </Icon>
  );
}

/** › — one step forward through what already ran. */
export function ForwardIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <path d="m5.5 3 5 5-5 5" {...chevron} />
    </Icon>
  );
}

/** ›| — to now, the head of the log. */
export function LastIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <path d="m4.5 3 5 5-5 5" {...chevron} />
      <rect x="11.5" y="2.5" width="2" height="11" rx="0.75" />
    </Icon>
  );
}

/** ☾ — the dark theme. */
export function MoonIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <path d="M10.8 1.6a6.6 6.6 0 1 0 3.6 9.4A5.4 5.4 0 0 1 10.8 1.6z" />
    </Icon>
  );
}

/** ☀ — the light theme. */
export function SunIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <circle cx="8" cy="8" r="3.2" />
      <Stroke d="M8 1v2M8 13v2M1 8h2M13 8h2M3 3l1.4 1.4M11.6 11.6 13 13M3 13l1.4-1.4M11.6 4.4 13 3" width={1.5} />
    </Icon>
  );
}

/** A screen on a stand — the presenter layout. */
export function PresenterIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <Stroke d="M2 2.5h12v8H2zM8 10.5v3M5 14h6" width={1.5} />
    </Icon>
  );
}

/** A question mark in a speech bubble — predict, then see. */
export function PredictIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <Stroke d="M2 3h12v8H7l-3 3v-3H2zM6.3 5.6a1.8 1.8 0 1 1 2.4 1.7c-.5.2-.7.5-.7 1V8.6M8 10h.01" width={1.4} />
    </Icon>
  );
}
