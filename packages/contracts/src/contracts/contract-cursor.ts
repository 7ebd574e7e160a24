import { InvalidDataError, parse } from '@rapport/core/plugin';
import { id as IdSchema } from './contract-input.js';

/** The cursor of the page after the contract `id` (`contracts.list`). */
export function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify(['contract', id])).toString('base64url');
}

/** The contract id a cursor of `contracts.list` points after; invalid data naming `cursor` otherwise. */
export function decodeCursor(cursor: string): string {
  try {
    const [kind, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (kind === 'contract' && typeof id === 'string') return parse(IdSchema, id, 'cursor');
  } catch {
    // falls through to the typed error
  }
  throw new InvalidDataError('contract list', [
    { path: 'cursor', message: 'is not a cursor returned by contracts.list', code: 'invalid_cursor' },
  ]);
}
