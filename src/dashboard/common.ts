// What every dashboard protocol (journeys/, events/) shares.

/** The one result shape: every reply and every per-item outcome that can fail is this. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** A message map `{ type: payload }` as the union of `{ type, ...payload }` messages. */
export type Tagged<M> = { [K in keyof M]: { type: K } & M[K] }[keyof M];
