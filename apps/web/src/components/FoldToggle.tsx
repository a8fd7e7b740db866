type Props = {
  className: string;
  testId: string;
  /** How many items are folded away now. */
  folded: number;
  /** Whether every item is drawn (the fold is open). */
  open: boolean;
  onToggle: () => void;
  /** The words: `open` says how to fold again, else how many are folded. */
  label: string;
  title?: string | undefined;
};

/** The button that unfolds a long session's earlier items (see `recentItems`) and folds them again. */
export function FoldToggle({ className, testId, folded, open, onToggle, label, title }: Props) {
  if (folded === 0 && !open) return null;
  return (
    <button
      type="button"
      className={className}
      data-testid={testId}
      data-folded={folded}
      aria-expanded={open}
      title={title}
      onClick={onToggle}
    >
      {label}
    </button>
  );
}
