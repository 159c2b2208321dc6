/** Column roles guessed by name (the lists), overridden by `--map`. */
import type { ColumnRoles } from '../types';
import type { RoleName } from '../options';

export const ROLE_NAMES: Record<RoleName, string[]> = {
  user: ['user_id', 'distinct_id', 'customer_id', 'person_id', 'userid', 'user'],
  session: ['session_id', '$session_id', 'sessionid', 'session'],
  time: ['timestamp', 'event_time', 'time', 'ts', 'datetime', 'created_at', 'event_timestamp'],
  event: ['event', 'event_type', 'type', 'name', 'event_name', 'action'],
};

/** What paths walk through, when the log has it; otherwise the event name. */
export const PAGE_NAMES = ['path', 'page', 'url', 'page_url', '$current_url', 'pathname', 'screen'];

export type RoleGuess = { roles: ColumnRoles; missing: RoleName[]; unknownMapped: string[] };

/** Case-insensitive match on the lists above, `map` first. A mapped column that does not exist is reported. */
export function guessRoles(
  columns: string[],
  map: Partial<Record<RoleName, string>>,
  required: RoleName[] = ['user'],
): RoleGuess {
  const byLower = new Map(columns.map((c) => [c.toLowerCase(), c]));
  const unknownMapped: string[] = [];
  const pick = (role: RoleName): string | null => {
    const mapped = map[role];
    if (mapped !== undefined) {
      const hit = columns.includes(mapped) ? mapped : byLower.get(mapped.toLowerCase());
      if (!hit) unknownMapped.push(`${role}=${mapped}`);
      return hit ?? null;
    }
    for (const name of ROLE_NAMES[role]) {
      const hit = byLower.get(name);
      if (hit) return hit;
    }
    return null;
  };
  const roles: ColumnRoles = {
    user: pick('user') ?? '',
    session: pick('session'),
    time: pick('time'),
    event: pick('event'),
  };
  const missing = required.filter((r) => (r === 'user' ? !roles.user : roles[r] === null));
  return { roles, missing, unknownMapped };
}

export function pageColumn(columns: string[]): string | null {
  const byLower = new Map(columns.map((c) => [c.toLowerCase(), c]));
  for (const name of PAGE_NAMES) if (byLower.has(name)) return byLower.get(name)!;
  return null;
}

/** The message for a missing role: the columns found and how to name one. */
export function missingRoleMessage(guess: RoleGuess, columns: string[]): string {
  const parts: string[] = [];
  for (const role of guess.missing) {
    parts.push(`no ${role} column (looked for ${ROLE_NAMES[role].join(', ')})`);
  }
  for (const m of guess.unknownMapped) parts.push(`--map ${m} names no column`);
  return `${parts.join('; ')}; columns found: ${columns.join(', ') || '(none)'}; name one with --map ${guess.missing[0] ?? 'user'}=COLUMN`;
}
