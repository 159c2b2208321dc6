/**
 * A point in long synchronous work where it may be given up: it returns to go on, or throws to abandon the work
 * (the session worker's background retrain throws once a newer request is waiting). Work given up leaves nothing
 * half-done behind: the callers build new objects and publish them only at the end.
 */
export type Checkpoint = () => void;

export const noCheckpoint: Checkpoint = () => undefined;
