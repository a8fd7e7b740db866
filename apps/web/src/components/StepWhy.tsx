import { manUrl, rfcUrl, type Step, whyOf } from '@socklab/lessons';
import { useStrings } from '../i18n/useStrings.ts';
import { useLab } from '../store/useLab.ts';

/** The second depth of a step: an expandable "why" with its man page and the RFC 9293 section it rests on. */
export function StepWhy({ step }: { step: Step | undefined }) {
  const t = useStrings();
  const lang = useLab((s) => s.lang);
  if (step === undefined) return null;
  const why = whyOf(step);
  return (
    <details className="step-why" data-testid="step-why">
      <summary>{t('why.summary', { man: why.man, section: why.rfc.section })}</summary>
      <p>{why.text[lang]}</p>
      <p className="step-why-refs">
        <a href={manUrl(why.man)} target="_blank" rel="noreferrer">
          {t('why.man', { man: why.man })}
        </a>
        <a href={rfcUrl(why.rfc.section)} target="_blank" rel="noreferrer">
          {t('why.rfc', { section: why.rfc.section, title: why.rfc.title })}
        </a>
      </p>
    </details>
  );
}
