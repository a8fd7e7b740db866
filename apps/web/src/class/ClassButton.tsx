import { useEffect, useState } from 'react';
import { CopyText } from '../components/CopyText.tsx';
import { useStrings } from '../i18n/useStrings.ts';
import './class.css';
import { type ClassMember, ClassRoster } from './ClassRoster.tsx';
import { NewJoinCode } from './NewJoinCode.tsx';

/** What `GET /api/class` answers the teacher (see apps/server/src/class/classServer.ts). */
type ClassInfo = {
  address: string;
  joinUrl: string;
  qrSvg: string;
  viewers: number;
  maxViewers: number;
  labs?:
    | { allowed: true; joinUrl: string; qrSvg: string; open: number; max: number }
    | { allowed: false; reason: string };
  members: ClassMember[];
};

const pollMs = 5000;

/** The class's join URL and QR code, and who is connected; asked of the control API while the page is open, and again on `refresh`. */
function useClassInfo(): { info: ClassInfo | null; refresh: () => void } {
  const [info, setInfo] = useState<ClassInfo | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    void round;
    let stopped = false;
    let timer: number | undefined;
    const ask = async () => {
      try {
        const res = await fetch('/api/class', { credentials: 'same-origin', cache: 'no-store' });
        // 404: not in class mode; nothing to show, and nothing to ask again.
        if (res.status === 404) return;
        if (res.ok && !stopped) setInfo((await res.json()) as ClassInfo);
      } catch {
        // The server restarts: ask again on the next round.
      }
      if (!stopped) timer = window.setTimeout(ask, pollMs);
    };
    void ask();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [round]);
  return { info, refresh: () => setRound((r) => r + 1) };
}

/** The teacher's class button (only in class mode): how many watch, and the join URL with its QR code. */
export function ClassButton() {
  const t = useStrings();
  const { info, refresh } = useClassInfo();
  const [open, setOpen] = useState(false);
  if (info === null) return null;
  return (
    <div className="class-button-wrap">
      <button
        type="button"
        className={`btn class-button${open ? ' is-on' : ''}`}
        data-testid="class-button"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {t('class.button', { count: info.viewers })}
      </button>
      {open && (
        <section className="class-panel" data-testid="class-panel" aria-label={t('class.title')}>
          <h2 className="class-title">{t('class.title')}</h2>
          <p>{t('class.scan')}</p>
          <img
            className="class-qr"
            data-testid="class-qr"
            alt={t('class.qrAlt')}
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(info.qrSvg)}`}
          />
          <CopyText text={info.joinUrl} testId="class-join-url" />
          <p className="class-warning">{t('class.warning', { address: info.address })}</p>
          <p className="class-count">{t('class.count', { count: info.viewers, max: info.maxViewers })}</p>
          {info.labs && <ClassLabs labs={info.labs} />}
          <ClassRoster members={info.members ?? []} onChanged={refresh} />
          <NewJoinCode onChanged={refresh} />
        </section>
      )}
    </div>
  );
}

/** The student labs part of the panel: the lab join URL and its QR code, and how many are open; or why there are none. */
function ClassLabs({ labs }: { labs: NonNullable<ClassInfo['labs']> }) {
  const t = useStrings();
  if (!labs.allowed) {
    return (
      <p className="class-labs class-labs-off" data-testid="class-labs-off">
        {t('class.labs.off', { reason: labs.reason })}
      </p>
    );
  }
  return (
    <div className="class-labs" data-testid="class-labs">
      <h3 className="class-roster-title">{t('class.labs.title')}</h3>
      <p>{t('class.labs.scan')}</p>
      <img
        className="class-qr"
        alt={t('class.labs.qrAlt')}
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(labs.qrSvg)}`}
      />
      <CopyText text={labs.joinUrl} testId="class-lab-url" />
      <p className="class-count">{t('class.labs.count', { count: labs.open, max: labs.max })}</p>
    </div>
  );
}
