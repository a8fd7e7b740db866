/** One connection of a class, as the teacher's roster lists it (`GET /api/class` on the control listener). */
export type ClassMember = {
  /** Random per connection, never a credential: what `DELETE /api/class/members/<id>` names. */
  id: string;
  kind: 'viewer' | 'lab';
  /** When it connected (ISO 8601). */
  since: string;
  /** What a lab runs: a lesson, the playground, or nothing yet. */
  doing?: 'lesson' | 'playground' | 'nothing';
  /** A lab's lesson (null: the playground or nothing loaded yet). */
  lesson?: string | null;
  /** A lab's next step, 0-based (null: none left, or not a lesson). */
  step?: number | null;
  /** The display name it gave on the join page (bounded, no control characters; shown as text only); absent: none. */
  name?: string;
};

/**
 * Why the class listener refuses a viewer's or a lab's credential
 * (`GET /class/check`, 403 or 400): the teacher ended this browser's seat
 * (`ended`), the join code is not this class's (`join`: the teacher issued a
 * new one, or another class runs there), the lab token is not this launch's
 * (`lab`: labs end with the server, or a new code was issued), or the name
 * was refused (`name`, with `code` saying why).
 */
export type ClassRefusal = {
  refused: 'ended' | 'join' | 'lab' | 'name';
  /** For `name`: `nameTooLong` or `nameControl`. */
  code?: string;
  /** The reason, in English, for logs and tools. */
  error: string;
};

/** The close codes of class connections (4000–4999 are the app's own): the page does not reconnect by itself. */
export const ClassClose = {
  /** The teacher ended this member (its seat is refused from then on). */
  endedByTeacher: 4001,
  /** The teacher ended everyone and issued a new join code: the old URL is refused. */
  newJoinCode: 4002,
} as const;
