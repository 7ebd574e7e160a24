import { SegmentedMessage } from 'sms-segments-calculator';

/** How an SMS is encoded on the air: the GSM 03.38 7-bit alphabet, or UCS-2 (UTF-16 code units). */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** The length of an SMS text as the network sees it. */
export interface SmsLength {
  encoding: SmsEncoding;
  /** Parts the text is sent in (1 when it fits one SMS; 0 for an empty text). */
  segments: number;
  /** GSM-7 septets (an extension-table character such as `€` or `[` counts 2) or UCS-2 code units. */
  units: number;
  /** Units one segment holds: 160 / 153 (GSM-7, single / concatenated), 70 / 67 (UCS-2). */
  perSegment: 160 | 153 | 70 | 67;
  /** Units still free in the last segment. */
  remaining: number;
  /** The characters that forced UCS-2 (empty for GSM-7). */
  nonGsmCharacters: string[];
}

/** Text made only of the GSM 03.38 basic table (no extension characters, no CR). */
const GSM_BASIC = /^[@£$¥èéùìòÇ\nØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà]*$/;

/**
 * Measures an SMS text: encoding, segments, units. Built on `sms-segments-calculator` (Twilio's
 * calculator, maintained): it knows the GSM basic and extension tables, counts the 6-byte
 * concatenation header of multi-part messages, and never splits a surrogate pair (nor a grapheme)
 * across segments, which is how the wire splits them too.
 *
 * @example
 * measureSms('Hello €'); // { encoding: 'GSM-7', segments: 1, units: 8, perSegment: 160, … }
 */
export function measureSms(text: string): SmsLength {
  // Most texts are plain GSM-7 basic characters (one septet each): counted here exactly, without
  // the calculator's per-character objects (about half a millisecond a text). Anything else —
  // extension characters, UCS-2, CR (which forms a grapheme with LF) — goes to the calculator.
  if (GSM_BASIC.test(text)) {
    const units = text.length;
    const segments = units === 0 ? 0 : units <= 160 ? 1 : Math.ceil(units / 153);
    const perSegment = segments > 1 ? 153 : 160;
    return {
      encoding: 'GSM-7',
      segments,
      units,
      perSegment,
      remaining: Math.max(0, segments * perSegment - units),
      nonGsmCharacters: [],
    };
  }
  const message = new SegmentedMessage(text, 'auto');
  const encoding = message.getEncodingName() as SmsEncoding;
  const gsm = encoding === 'GSM-7';
  const units = message.messageSize / (gsm ? 7 : 16);
  const segments = text.length === 0 ? 0 : message.segmentsCount;
  const perSegment = gsm ? (segments > 1 ? 153 : 160) : segments > 1 ? 67 : 70;
  return {
    encoding,
    segments,
    units,
    perSegment,
    remaining: Math.max(0, segments * perSegment - units),
    nonGsmCharacters: gsm ? [] : [...new Set(message.getNonGsmCharacters())],
  };
}

/** One item of a segment of the calculator: a character, or header bits that carry no text. */
interface SegmentItem {
  raw?: string;
  isUserDataHeader?: boolean;
  isReservedChar?: boolean;
}

/**
 * The text of each segment, as the network splits it: a surrogate pair (an emoji) or an escaped
 * extension character is never cut in two.
 */
export function splitSms(text: string): string[] {
  if (text.length === 0) return [];
  const message = new SegmentedMessage(text, 'auto');
  // `Array.from` first: the calculator's segments subclass Array, and their `filter` would build a new
  // segment (with a header) through the species constructor.
  return message.segments.map((segment) =>
    Array.from(segment as unknown as SegmentItem[])
      .filter((item) => !item.isUserDataHeader && !item.isReservedChar && typeof item.raw === 'string')
      .map((item) => item.raw)
      .join(''),
  );
}
