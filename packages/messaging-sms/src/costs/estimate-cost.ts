import { InvalidDataError } from '@rapport/core/plugin';

/** Prices per segment by country (`*`: every other country), in one currency. */
export interface PriceTable {
  currency: string;
  perSegment: Readonly<Record<string, string | number>>;
}

/** Recipients of one country, with the segments each message takes (default: the input's `segments`). */
export interface RecipientGroup {
  country: string;
  count: number;
  segments?: number;
}

/** A cost estimate: exact decimals as strings. */
export interface CostEstimate {
  currency: string;
  total: string;
  segments: number;
  byCountry: Array<{
    country: string;
    recipients: number;
    segments: number;
    unitPrice: string;
    cost: string;
  }>;
  /** Countries with no price (and no `*`): not in the total. */
  unpriced: string[];
}

const SCALE = 1_000_000n;

function toMicros(value: string | number, path: string): bigint {
  const text = String(value).trim();
  const match = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(text);
  if (!match) {
    throw new InvalidDataError('price table', [
      { path, message: 'must be a price with at most 6 decimals', code: 'invalid_format' },
    ]);
  }
  return BigInt(match[1]!) * SCALE + BigInt((match[2] ?? '').padEnd(6, '0'));
}

function fromMicros(micros: bigint): string {
  const whole = micros / SCALE;
  const fraction = (micros % SCALE).toString().padStart(6, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction.padEnd(2, '0')}` : `${whole}.00`;
}

/**
 * What a direct mail will cost before it starts: recipients × segments × the price per segment of
 * their country, in exact decimals (integer millionths, never floating point).
 *
 * @example
 * estimateCost({ recipients: [{ country: 'DE', count: 1200 }], segments: 2 },
 *   { currency: 'EUR', perSegment: { DE: '0.075', '*': '0.10' } }); // total '180.00'
 */
export function estimateCost(
  input: { recipients: readonly RecipientGroup[]; segments: number },
  prices: PriceTable,
): CostEstimate {
  let total = 0n;
  let segments = 0;
  const byCountry: CostEstimate['byCountry'] = [];
  const unpriced: string[] = [];
  input.recipients.forEach((group, i) => {
    const each = group.segments ?? input.segments;
    if (!Number.isInteger(group.count) || group.count < 0 || !Number.isInteger(each) || each < 0) {
      throw new InvalidDataError('cost estimate', [
        {
          path: `recipients.${i}`,
          message: 'count and segments must be whole numbers ≥ 0',
          code: 'invalid_value',
        },
      ]);
    }
    const country = group.country.toUpperCase();
    const price = prices.perSegment[country] ?? prices.perSegment['*'];
    if (price === undefined) {
      unpriced.push(country);
      return;
    }
    const unit = toMicros(price, `perSegment.${country}`);
    const parts = group.count * each;
    const cost = unit * BigInt(parts);
    total += cost;
    segments += parts;
    byCountry.push({
      country,
      recipients: group.count,
      segments: parts,
      unitPrice: fromMicros(unit),
      cost: fromMicros(cost),
    });
  });
  return { currency: prices.currency, total: fromMicros(total), segments, byCountry, unpriced };
}
