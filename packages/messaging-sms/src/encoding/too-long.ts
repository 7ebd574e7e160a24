import { InvalidDataError } from '@rapport/core/plugin';
import { measureSms, type SmsEncoding, type SmsLength } from './measure.js';

/**
 * An SMS text longer than the allowed number of segments: `INVALID_DATA` on the field `text`
 * (issue code `sms_too_long`), with `details.segments`, `details.max` and `details.encoding`.
 */
export class SmsTooLongError extends InvalidDataError {
  readonly segments: number;
  readonly max: number;
  readonly encoding: SmsEncoding;

  constructor(length: SmsLength, max: number, path = 'text') {
    super('SMS text', [
      {
        path,
        message: `needs ${length.segments} ${length.encoding} segments; at most ${max} are allowed`,
        code: 'sms_too_long',
      },
    ]);
    this.name = 'SmsTooLongError';
    this.segments = length.segments;
    this.max = max;
    this.encoding = length.encoding;
    Object.assign(this.details, { segments: length.segments, max, encoding: length.encoding });
  }
}

/** Measures a text and throws {@link SmsTooLongError} when it needs more than `maxSegments` segments. */
export function requireSmsLength(text: string, maxSegments: number, path = 'text'): SmsLength {
  const length = measureSms(text);
  if (length.segments > maxSegments) throw new SmsTooLongError(length, maxSegments, path);
  return length;
}
