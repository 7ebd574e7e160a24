import type { NumberingPeriod } from '../types/type-input.js';

const TOKEN = /\{(yyyy|yy|mm|seq(?::(\d{1,2}))?|type|TYPE)\}/g;

/** The format a type gets when it names none: the key, the period, a five-digit counter. */
export function defaultNumberFormat(period: NumberingPeriod): string {
  if (period === 'none') return '{TYPE}-{seq:5}';
  if (period === 'month') return '{TYPE}-{yyyy}-{mm}-{seq:5}';
  return '{TYPE}-{yyyy}-{seq:5}';
}

/**
 * What is wrong with a number format (empty when nothing): it needs exactly one `{seq}`, only known
 * tokens, and the tokens of its period — a yearly counter without the year in the number would give
 * the same number again next year.
 */
export function checkNumberFormat(format: string, period: NumberingPeriod): string[] {
  const problems: string[] = [];
  const tokens = [...format.matchAll(TOKEN)].map((m) => m[1]!.split(':')[0]!);
  const unknown = format.replace(TOKEN, '').match(/\{[^}]*\}/g);
  if (unknown)
    problems.push(`unknown token ${unknown.join(', ')} (known: {yyyy} {yy} {mm} {seq:N} {type} {TYPE})`);
  const seqs = tokens.filter((t) => t === 'seq').length;
  if (seqs !== 1) problems.push('must contain {seq} (or {seq:N}) exactly once');
  const hasYear = tokens.includes('yyyy') || tokens.includes('yy');
  if (period !== 'none' && !hasYear)
    problems.push(`a ${period}ly numbering needs the year ({yyyy} or {yy}), or numbers repeat`);
  if (period === 'month' && !tokens.includes('mm'))
    problems.push('a monthly numbering needs the month ({mm}), or numbers repeat');
  return problems;
}

/** The counter's period key of a date (`2026`, `2026-03`, or `` for never). */
export function periodKey(period: NumberingPeriod, on: string): string {
  if (period === 'year') return on.slice(0, 4);
  if (period === 'month') return on.slice(0, 7);
  return '';
}

/** The number a format gives for a sequence value on a date (`YYYY-MM-DD`) for a type key. */
export function formatNumber(format: string, input: { seq: number; on: string; type: string }): string {
  return format.replace(TOKEN, (_, token: string, width: string | undefined) => {
    if (token === 'yyyy') return input.on.slice(0, 4);
    if (token === 'yy') return input.on.slice(2, 4);
    if (token === 'mm') return input.on.slice(5, 7);
    if (token === 'type') return input.type;
    if (token === 'TYPE') return input.type.toUpperCase();
    return String(input.seq).padStart(width ? Number(width) : 0, '0');
  });
}
