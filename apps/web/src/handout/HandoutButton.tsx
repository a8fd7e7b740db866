import { useState } from 'react';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab } from '../store/useLab.ts';
import { Handout } from './Handout.tsx';

/** "Print handout": opens the handout of the lesson run shown (live or a replay), to print or save as PDF. */
export function HandoutButton({ onOpen }: { onOpen?: () => void }) {
  const t = useStrings();
  const [open, setOpen] = useState(false);
  const empty = useLab((s) => s.log.length === 0);
  return (
    <>
      <button
        type="button"
        className="replay-link"
        data-testid="handout-button"
        title={t('handout.buttonTitle')}
        disabled={empty}
        onClick={() => {
          setOpen(true);
          onOpen?.();
        }}
      >
        {t('handout.button')}
      </button>
      {open && <Handout onClose={() => setOpen(false)} />}
    </>
  );
}
