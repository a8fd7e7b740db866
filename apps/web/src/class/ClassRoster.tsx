import { useState } from 'react';
import { useStrings } from '../i18n/useStrings.ts';

/** One connection of the class, as `GET /api/class` lists it (apps/server/src/class/classroom.ts). */
export type ClassMember = { id: string; kind: 'viewer'; since: string };

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
 * The teacher's roster: who is connected (kind, id, since when), each with an
 * "End" button that closes that connection on the server; `onChanged` asks
 * for the list again.
 */
export function ClassRoster({ members, onChanged }: { members: ClassMember[]; onChanged: () => void }) {
  const t = useStrings();
  const [failure, setFailure] = useState<string | null>(null);
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
          return (
            <li key={member.id} className="class-member" data-testid="class-member" data-kind={member.kind}>
              <span className="class-member-kind">{kind}</span>
              <code className="class-member-id">{member.id}</code>
              <span className="class-member-since">
                {t('class.since', { time: new Date(member.since).toLocaleTimeString() })}
              </span>
              <button
                type="button"
                className="btn class-member-end"
                data-testid="class-member-end"
                aria-label={t('class.endLabel', { kind, id: member.id })}
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
