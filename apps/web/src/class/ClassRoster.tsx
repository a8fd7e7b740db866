import type { ClassMember } from '@socklab/protocol';
import { useState } from 'react';
import { useStrings } from '../i18n/useStrings.ts';

export type { ClassMember };

/** Asks the server to end member `id`: the reason when it did not. */
async function endMember(id: string): Promise<string | null> {
  try {
    const res = await fetch(`/api/class/members/${encodeURIComponent(id)}`, {
      method: 'DELETE',
      credentials: 'same-origin',
      cache: 'no-store',
    });
    if (res.status === 204) return null;
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    return body.error ?? `HTTP ${res.status}`;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * The teacher's roster: who is connected (kind, name or else id, since when), each with an
 * "End" button that closes that connection on the server; `onChanged` asks
 * for the list again.
 */
export function ClassRoster({ members, onChanged }: { members: ClassMember[]; onChanged: () => void }) {
  const t = useStrings();
  const [failure, setFailure] = useState<string | null>(null);
  // What a lab does now, in words: its lesson and the step it is at (1-based, as the page shows it).
  const doing = (member: ClassMember): string => {
    if (member.doing === 'playground') return t('class.doingPlayground');
    if (member.doing !== 'lesson' || !member.lesson) return t('class.doingNothing');
    const lesson = member.lesson;
    return member.step === null || member.step === undefined
      ? t('class.doingDone', { lesson })
      : t('class.doing', { lesson, step: member.step + 1 });
  };
  const end = async (member: ClassMember) => {
    const reason = await endMember(member.id);
    setFailure(reason === null ? null : t('class.endFailed', { id: member.id, reason }));
    onChanged();
  };
  return (
    <div className="class-roster" data-testid="class-roster">
      <h3 className="class-roster-title">{t('class.roster')}</h3>
      {members.length === 0 && <p className="class-roster-empty">{t('class.rosterEmpty')}</p>}
      <ul className="class-roster-list">
        {members.map((member) => {
          const kind = t(`class.kind_${member.kind}`);
          // A name is the student's own text: React renders it as text, never as HTML (SECURITY.md test 17).
          const who = member.name ?? member.id;
          return (
            <li key={member.id} className="class-member" data-testid="class-member" data-kind={member.kind}>
              <span className="class-member-kind">{kind}</span>
              {member.name === undefined ? (
                <code className="class-member-id">{member.id}</code>
              ) : (
                <span className="class-member-name" data-testid="class-member-name" title={member.id}>
                  {member.name}
                </span>
              )}
              {member.kind === 'lab' && <span className="class-member-doing">{doing(member)}</span>}
              <span className="class-member-since">
                {t('class.since', { time: new Date(member.since).toLocaleTimeString() })}
              </span>
              <button
                type="button"
                className="btn class-member-end"
                data-testid="class-member-end"
                aria-label={t('class.endLabel', { kind, id: who })}
                onClick={() => void end(member)}
              >
                {t('class.end')}
              </button>
            </li>
          );
        })}
      </ul>
      {failure && (
        <p className="class-roster-failure" role="alert">
          {failure}
        </p>
      )}
    </div>
  );
}
