import { useStrings } from '../i18n/useStrings.ts';
import { TAIL_STEP } from './useTail.ts';

/** The first item of a list that shows only its latest part (`useTail`): how many are not shown, and a button for more. */
export function EarlierItems({ hidden, onMore }: { hidden: number; onMore: () => void }) {
  const t = useStrings();
  if (hidden <= 0) return null;
  return (
    <li className="list-earlier" data-testid="list-earlier" data-hidden={hidden}>
      <button type="button" className="link-button" onClick={onMore}>
        {t('listEarlier', { hidden, more: Math.min(hidden, TAIL_STEP) })}
      </button>
    </li>
  );
}
