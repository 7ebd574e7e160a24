/** The inbound words that change SMS consent. */
export interface SmsKeywords {
  optOut: readonly string[];
  optIn: readonly string[];
}

/**
 * The defaults: the carrier-standard English opt-out words (as Twilio and the CTIA list them), the
 * usual Russian, German, French and Spanish ones; START / UNSTOP / YES re-subscribe.
 */
export const DEFAULT_SMS_KEYWORDS: SmsKeywords = {
  optOut: [
    'STOP',
    'STOPALL',
    'STOP ALL',
    'UNSUBSCRIBE',
    'CANCEL',
    'END',
    'QUIT',
    'OPTOUT',
    'OPT OUT',
    'REVOKE',
    'СТОП',
    'ОТПИСАТЬСЯ',
    'ОТПИСКА',
    'STOPP',
    'ARRET',
    'ARRÊT',
    'BAJA',
  ],
  optIn: ['START', 'UNSTOP', 'YES', 'СТАРТ', 'ПОДПИСАТЬСЯ'],
};

/** Upper case, compatibility-normalised, trimmed of whitespace and punctuation, inner spaces collapsed. */
export function normalizeKeyword(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '')
    .replace(/\s+/gu, ' ')
    .toUpperCase();
}

/**
 * Whether an inbound text is an opt-out or opt-in keyword: the whole message, case, surrounding
 * whitespace and punctuation ignored (`" stop! "` is STOP; `"please stop texting"` is not).
 */
export function matchKeyword(
  text: string,
  keywords: SmsKeywords = DEFAULT_SMS_KEYWORDS,
): { action: 'opt_out' | 'opt_in'; keyword: string } | undefined {
  const word = normalizeKeyword(text);
  if (word === '') return undefined;
  if (keywords.optOut.some((k) => normalizeKeyword(k) === word)) return { action: 'opt_out', keyword: word };
  if (keywords.optIn.some((k) => normalizeKeyword(k) === word)) return { action: 'opt_in', keyword: word };
  return undefined;
}
