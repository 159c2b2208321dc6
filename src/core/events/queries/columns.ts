/**
 * Where a breakdown / cohort column lives: the events table (a property, or a canonical column) or the users table.
 * Shared by the analyses that take a column name from the user.
 */
import { CANONICAL_COLUMNS, type DatasetInfo } from '../types';

export type ColumnHome = 'events' | 'users';

export function findColumn(info: DatasetInfo, name: string): ColumnHome | null {
  if (CANONICAL_COLUMNS.includes(name) || info.columns.some((c) => c.name === name)) return 'events';
  if (info.hasUsersTable && info.userColumns.some((c) => c.name === name && c.name !== 'user_id')) return 'users';
  return null;
}

export function describeColumns(info: DatasetInfo): string {
  const events = info.columns.map((c) => c.name);
  const users = info.userColumns.map((c) => c.name).filter((n) => n !== 'user_id');
  return `events has ${events.length ? events.join(', ') : 'no property columns'}${info.hasUsersTable ? `; users has ${users.join(', ') || 'no columns'}` : ''}`;
}
