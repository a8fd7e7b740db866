import { useState } from 'react';
import { useStrings } from '../i18n/useStrings.ts';

/** Asks the server to end everyone and issue a new join code (`POST /api/class/code`): the reason when it did not. */
async function issue(): Promise<string | null> {
  try {
    const res = await fetch('/api/class/code', { method: 'POST', credentials: 'same-origin', cache: 'no-store' });
    if (res.ok) return null;
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    return body.error ?? `HTTP ${res.status}`;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * The teacher's "End everyone, new join code", asked twice: every viewer and
 * lab is ended, the join URLs and QR codes change and the old ones are refused
 * (SECURITY.md #11); `onChanged` asks for the class again.
 */
export function NewJoinCode({ onChanged }: { onChanged: () => void }) {
  const t = useStrings();
  const [asking, setAsking] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const confirm = async () => {
    const reason = await issue();
    setAsking(false);
    setFailure(reason === null ? null : t('class.newCodeFailed', { reason }));
    onChanged();
  };
  return (
    <div className="class-new-code">
      {asking ? (
        <div className="class-new-code-ask">
          <p>{t('class.newCodeConfirm')}</p>
          <button
            type="button"
            className="btn class-new-code-go"
            data-testid="class-new-code-confirm"
            onClick={() => void confirm()}
          >
            {t('class.newCode')}
          </button>
          <button type="button" className="btn" onClick={() => setAsking(false)}>
            {t('class.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" className="btn" data-testid="class-new-code" onClick={() => setAsking(true)}>
          {t('class.newCode')}
        </button>
      )}
      {failure && (
        <p className="class-roster-failure" role="alert">
          {failure}
        </p>
      )}
    </div>
  );
}
