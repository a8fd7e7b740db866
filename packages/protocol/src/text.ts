type Decoder = { decode(input: Uint8Array): string };
// TextDecoder exists in every runtime socklab targets (browsers, Node ≥ 20);
// reached through globalThis so this package needs neither DOM nor Node types.
const decoder: Decoder = new (globalThis as unknown as { TextDecoder: new (label: string) => Decoder }).TextDecoder(
  'utf-8',
);

/**
 * Renders bytes the way a terminal shows a C string: UTF-8 (invalid sequences
 * become U+FFFD), with NUL as `\0` and other control bytes escaped, so a
 * payload is always plain text.
 *
 * @example
 * bytesToText(new Uint8Array([104, 105, 0])) // 'hi\\0'
 */
export function bytesToText(bytes: Uint8Array): string {
  return decoder
    .decode(bytes)
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c: string) =>
      c === '\0' ? '\\0' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
    );
}
