import { createHash, timingSafeEqual } from 'node:crypto';
import type { Refusal } from '../security.ts';

/** The class's credentials: the viewer token, and the lab token where student labs are allowed. */
export type ClassTokens = { view: string; lab: string | null };

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** A class credential refused: the HTTP refusal, and whether the join code (`join`) or the lab token (`lab`) failed. */
export type CredentialRefusal = NonNullable<Refusal> & { refused: 'join' | 'lab' };

/**
 * Judges the class credential in `query` (SECURITY.md #11): the viewer token
 * in `view`, or, where student labs are allowed, the lab token in `lab`
 * (never both); the launch token (`token`) never. Null: it holds.
 */
export function classCredentialRefusal(query: URLSearchParams, tokens: ClassTokens): CredentialRefusal | null {
  const refuse = (refused: 'join' | 'lab', reason: string): CredentialRefusal => ({ status: 403, reason, refused });
  if (query.has('token')) return refuse('join', 'the launch token is for 127.0.0.1 only');
  if (query.has('lab')) {
    if (query.has('view')) return refuse('join', 'a connection is a viewer or a lab, not both');
    if (tokens.lab === null) return refuse('lab', 'this class has no student labs (serve --class-labs)');
    return sameSecret(query.get('lab') ?? '', tokens.lab) ? null : refuse('lab', 'wrong lab token');
  }
  const given = query.get('view');
  return given !== null && sameSecret(given, tokens.view) ? null : refuse('join', 'missing or wrong viewer token');
}
