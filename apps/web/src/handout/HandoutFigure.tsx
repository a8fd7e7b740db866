import type { Lang } from '@socklab/lessons';
import type { SocklabEvent } from '@socklab/protocol';
import { useLayoutEffect, useRef } from 'react';
import { sessionFigure } from '../view/figure.ts';

/**
 * The session figure (`socklab export --svg`) of `log`, inline so it is drawn
 * with the page's fonts. `sessionFigure` escapes every recorded string, and the
 * SVG is parsed as XML into nodes, never set as HTML.
 */
export function HandoutFigure({ log, lang }: { log: readonly SocklabEvent[]; lang: Lang }) {
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const svg = new DOMParser().parseFromString(sessionFigure(log, { lang }), 'image/svg+xml').documentElement;
    box.current?.replaceChildren(document.importNode(svg, true));
  }, [log, lang]);
  return <div className="handout-figure" data-testid="handout-figure" ref={box} />;
}
