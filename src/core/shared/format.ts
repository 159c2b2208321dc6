/** Text for numbers that every surface prints the same way (CLI, tree, prompts, Mermaid timelines, dashboard). */

/** A share as a percentage: `pct(0.823)` is "82%", `pct(0.823, 1)` is "82.3%"; "–" when there is no number. */
export function pct(share: number, digits = 0): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(digits)}%` : '–';
}

/**
 * Time into a recording, normalised (a file's own clock string can read `02:60.0`): `03:00.0`, and past an hour
 * `1:15:00.0`. Empty for a negative or missing time.
 */
export function clock(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const tenths = Math.round(ms / 100);
  const h = Math.floor(tenths / 36_000);
  const m = Math.floor((tenths % 36_000) / 600);
  const s = (tenths % 600) / 10;
  const ss = s.toFixed(1).padStart(4, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${String(m).padStart(2, '0')}:${ss}`;
}

/** A span of time for people: `45 s`, `3 min 20 s`, `2 h 5 min`; "0 s" for nothing or a negative span. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0 s';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
