import type { Lang } from '@socklab/lessons';
import type { SocklabEvent } from '@socklab/protocol';
import { sessionFigure } from '../view/figure.ts';

/** Offers `blob` to the user as a file named `name` (a download, no navigation). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

// As a data: URL, which the page's CSP allows for images (img-src 'self' data:).
function imageOf(svg: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('the figure could not be drawn'));
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  });
}

/**
 * Downloads the session figure of `log` (the same SVG `socklab export --svg`
 * writes) as `name.svg`, or as `name.png` drawn at `scale` times its size. An
 * SVG drawn as an image uses the system's fonts, not the page's.
 *
 * @example
 * await downloadFigure(log, { lang: 'ko', format: 'png', name: 'handshake' });
 */
export async function downloadFigure(
  log: readonly SocklabEvent[],
  options: { lang: Lang; format: 'svg' | 'png'; name: string; scale?: number },
): Promise<void> {
  const svg = sessionFigure(log, { lang: options.lang });
  if (options.format === 'svg') {
    saveBlob(new Blob([svg], { type: 'image/svg+xml' }), `${options.name}.svg`);
    return;
  }
  const image = await imageOf(svg);
  const scale = options.scale ?? 2;
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(image.naturalWidth * scale);
  canvas.height = Math.ceil(image.naturalHeight * scale);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('no 2D canvas here');
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (png === null) throw new Error('the figure could not be encoded as PNG');
  saveBlob(png, `${options.name}.png`);
}
