/**
 * Identity commands derived from incoming messages (Segment identify/alias/group, Sensors track_signup and profile_*),
 * applied by the identity service in order. Traits follow Sensors' profile semantics.
 */
export type ProfileOp = 'set' | 'set_once' | 'increment' | 'append' | 'unset';

export type IdentityCommand =
  /** userId is now known for this anonymousId (Segment identify; Sensors track_signup / login). */
  | { kind: 'identify'; userId: string; anonymousId: string | null; traits: Record<string, unknown>; at: string }
  /** previousId and userId are the same person (Segment alias). */
  | { kind: 'alias'; previousId: string; userId: string; at: string }
  /** The person behind distinctId belongs to organisation groupId (Segment group). */
  | { kind: 'group'; distinctId: string; groupId: string; traits: Record<string, unknown>; at: string }
  /** A profile change on the person behind distinctId (Sensors profile_*; Segment identify traits use 'set'). */
  | { kind: 'profile'; op: ProfileOp; distinctId: string; properties: Record<string, unknown>; at: string };
