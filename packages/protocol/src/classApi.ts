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
};
