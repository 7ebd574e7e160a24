import { InvalidDataError, RapportError } from '@rapport/core/plugin';
import type { MessageChannel } from './channel.js';

/**
 * Runs the channel's own check of rendered parts (an SMS too long, say); throws what it throws.
 * A check that throws something other than a `RapportError` is a bug of the channel: it becomes an
 * `INVALID_DATA` naming the channel, so callers always see a typed error.
 */
export function checkParts(channel: MessageChannel, parts: Readonly<Record<string, string>>): void {
  if (!channel.check) return;
  try {
    channel.check(parts);
  } catch (error) {
    if (error instanceof RapportError) throw error;
    throw new InvalidDataError(`${channel.name} message`, [
      { path: 'parts', message: (error as Error)?.message ?? String(error), code: 'custom' },
    ]);
  }
}

/**
 * The dispatcher's side of {@link checkParts}: the reason a rendered message fails permanently, or
 * null when the channel accepts it. The reason carries the error's details (segments, max…).
 */
export function rejectedParts(
  channel: MessageChannel,
  parts: Readonly<Record<string, string>>,
): string | null {
  try {
    checkParts(channel, parts);
    return null;
  } catch (error) {
    const { issues: _issues, ...rest } = (error as RapportError).details ?? {};
    const issues =
      error instanceof InvalidDataError ? error.issues.map((i) => `${i.path}: ${i.message}`) : [];
    const reason = `${channel.name} check: ${(error as Error).message}${issues.length ? ` (${issues.join('; ')})` : ''}${
      Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : ''
    }`;
    return reason.slice(0, 1000);
  }
}
