import { useEffect, useState } from 'react';
import { useStrings } from '../i18n/useStrings.ts';

/** A button that copies `text`; `label` names what it copies for a screen reader (the text itself by default). */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const t = useStrings();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 1600);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const copy = () => {
    // The clipboard needs a secure context (127.0.0.1 is one); without it the text stays selectable.
    void navigator.clipboard?.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };

  return (
    <button type="button" className="copy-button" onClick={copy} aria-label={`${t('nc.copy')}: ${label ?? text}`}>
      {copied ? t('nc.copied') : t('nc.copy')}
    </button>
  );
}

/** A command to type elsewhere, with a button that copies it. */
export function CopyText({ text, testId }: { text: string; testId?: string }) {
  return (
    <span className="copy-text" data-testid={testId}>
      <code>{text}</code>
      <CopyButton text={text} />
    </span>
  );
}
