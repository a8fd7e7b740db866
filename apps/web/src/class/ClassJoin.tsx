import type { ClassRefusal } from '@socklab/protocol';
import { type FormEvent, type ReactNode, useState } from 'react';
import { LangToggle } from '../components/LangToggle.tsx';
import { sessionCheckUrl } from '../connection/credential.ts';
import { useStrings } from '../i18n/useStrings.ts';
import './class.css';
import { joinedAs, rememberJoin } from './role.ts';

/** The longest name the join page takes; the server checks it again (apps/server/src/class/member.ts). */
const maxName = 40;

/** What the join page can say went wrong: a message key. */
type StringKey =
  | 'class.ended'
  | 'class.joinRefused'
  | 'class.labRefused'
  | 'class.join.errors.nameTooLong'
  | 'class.join.errors.nameControl'
  | 'class.join.errors.unreachable';

/** What the join page says when the class refuses: the message key of each refusal. */
const refusalKey: Record<ClassRefusal['refused'], StringKey> = {
  ended: 'class.ended',
  join: 'class.joinRefused',
  lab: 'class.labRefused',
  name: 'class.join.errors.nameControl',
};

/**
 * The class join page (SPEC CLASS-8): before a viewer's page connects, the
 * student may give a display name (optional); the class listener checks it
 * and the join code (`/class/check`), and only then `children` get the
 * WebSocket address with the name. A tab that joined goes straight on when
 * reloaded or reconnected.
 */
export function ClassJoin({
  socketUrl,
  canOpenLab,
  children,
}: {
  /** The WebSocket address for a name (null: none). */
  socketUrl: (name: string | null) => string;
  canOpenLab: boolean;
  children: (url: string) => ReactNode;
}) {
  const t = useStrings();
  const [joined, setJoined] = useState(joinedAs);
  const [name, setName] = useState(joined.name ?? '');
  const [problem, setProblem] = useState<StringKey | null>(null);
  const [busy, setBusy] = useState(false);
  if (joined.joined) return children(socketUrl(joined.name));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const given = name.trim() === '' ? null : name.trim();
    setBusy(true);
    const answer = await ask(sessionCheckUrl(socketUrl(given)));
    setBusy(false);
    if (answer === 'ok') {
      rememberJoin(given);
      setJoined({ joined: true, name: given });
      return;
    }
    setProblem(answer);
  };
  return (
    <main className="class-join" data-testid="class-join">
      <div className="class-join-lang">
        <LangToggle />
      </div>
      <form className="class-join-card" onSubmit={(e) => void submit(e)} noValidate>
        <h1>{t('class.join.title')}</h1>
        <p>{t('class.join.intro')}</p>
        {canOpenLab && <p>{t('class.join.labIntro')}</p>}
        <label className="class-join-field">
          <span>{t('class.join.name')}</span>
          <input
            data-testid="join-name"
            value={name}
            autoComplete="nickname"
            // One more than the limit, so the server's refusal of a longer name can be seen, not silently cut.
            maxLength={maxName * 2 + 1}
            aria-describedby="join-name-hint"
            aria-invalid={problem !== null}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <small id="join-name-hint">{t('class.join.nameHint')}</small>
        </label>
        {problem !== null && (
          <p className="class-join-problem" role="alert" data-testid="join-problem">
            {t(problem)}
          </p>
        )}
        <button type="submit" className="btn btn-primary" data-testid="join-submit" disabled={busy}>
          {busy ? t('class.join.checking') : t('class.join.submit')}
        </button>
      </form>
    </main>
  );
}

// The class listener's answer to this join: ok, or the message key that says why not.
async function ask(url: string): Promise<'ok' | StringKey> {
  try {
    const res = await fetch(url, { cache: 'no-store' });
    if (res.status === 204) return 'ok';
    const body = (await res.json().catch(() => ({}))) as Partial<ClassRefusal>;
    if (body.refused === 'name') return body.code === 'nameTooLong' ? 'class.join.errors.nameTooLong' : refusalKey.name;
    return body.refused ? refusalKey[body.refused] : 'class.join.errors.unreachable';
  } catch {
    return 'class.join.errors.unreachable';
  }
}
