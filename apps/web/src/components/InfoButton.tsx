import { useCallback, useId, useState } from 'react';
import { useStrings } from '../i18n/useStrings.ts';
import { useEscape } from './useEscape.ts';

/** A "?" that opens its help on click or Enter (not on hover only), and closes on Esc or a second press. */
export function InfoButton({ text }: { text: string }) {
  const t = useStrings();
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const id = useId();
  useEscape(open, close);
  return (
    <span className="info">
      <button
        type="button"
        className="info-dot"
        data-testid="info-button"
        aria-expanded={open}
        aria-controls={id}
        aria-label={t('a11y.helpShow')}
        title={text}
        onClick={() => setOpen(!open)}
      >
        ?
      </button>
      {open && (
        <span className="info-pop" id={id} role="note" data-testid="info-pop">
          {text}
        </span>
      )}
    </span>
  );
}
