/** The longest display name a class member may give (in code points). */
export const maxNameLength = 40;

/** What a class connection says of itself beside its token: the browser's seat and, optionally, a display name. */
export type MemberClaim = {
  /** Random, made by the browser and kept in its storage: what the teacher's "End" revokes. Null: none given. */
  seat: string | null;
  /** The display name the student typed (trimmed), or null. Shown to the teacher as text only. */
  name: string | null;
};

/** Why a claim is refused: a stable code the page translates, and the message in English. */
export type ClaimRefusal = { code: 'nameTooLong' | 'nameControl' | 'seat'; message: string };

// A seat is 16 to 32 random bytes in base64url: nothing else is ever taken (or logged).
const seatPattern = /^[A-Za-z0-9_-]{22,43}$/;
// C0/C1 controls, line and paragraph separators, and the bidi overrides and isolates that can make a name read as another.
const controls = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/**
 * Reads `seat` and `name` from a class connection's query (SECURITY.md
 * "Class mode", names): a name is optional, trimmed, at most
 * `maxNameLength` code points, with no control character; an empty one is no
 * name. A seat must be base64url of 16 to 32 bytes.
 *
 * @example
 * memberClaim(new URLSearchParams('seat=AAAAAAAAAAAAAAAAAAAAAA&name=Mina')); // { seat: 'AAAA…', name: 'Mina' }
 * memberClaim(new URLSearchParams('name=%07')); // { code: 'nameControl', … }
 */
export function memberClaim(query: URLSearchParams): MemberClaim | ClaimRefusal {
  const seat = query.get('seat');
  if (seat !== null && !seatPattern.test(seat))
    return { code: 'seat', message: 'the seat is not 16–32 base64url bytes' };
  const raw = query.get('name');
  const name = raw === null ? '' : raw.trim();
  if (controls.test(name)) return { code: 'nameControl', message: 'a name may not hold control characters' };
  if ([...name].length > maxNameLength) {
    return { code: 'nameTooLong', message: `a name is at most ${maxNameLength} characters` };
  }
  return { seat, name: name === '' ? null : name };
}

/** Whether `memberClaim` refused. */
export function isRefusal(claim: MemberClaim | ClaimRefusal): claim is ClaimRefusal {
  return 'code' in claim;
}
