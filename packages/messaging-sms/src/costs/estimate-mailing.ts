import {
  type Filter,
  InvalidDataError,
  parse,
  SEGMENT_SERVICE,
  type TemplateParty,
  type TemplateService,
  type TxContext,
  z,
} from '@rapport/core/plugin';
import { measureSms, type SmsEncoding } from '../encoding/measure.js';
import {
  type AudienceRow,
  audienceOf,
  CHANNEL_REGISTRY,
  RESERVED_TEMPLATE_KEYS,
  renderContext,
  unsubscribeToken,
} from '../messaging-api.js';
import type { SmsOptions } from '../options.js';
import { countryOfNumber } from '../senders/sender-id.js';
import { type CostEstimate, estimateCost } from './estimate-cost.js';

const key = z.string().trim().min(1).max(100);

/** What `sms.estimate` takes: the audience (a saved segment or a filter) and the template, as `sendToSegment` would. */
export const SmsEstimateInputSchema = z
  .object({
    segmentId: z.uuid().optional(),
    filter: z.custom<Filter>((value) => typeof value === 'object' && value !== null).optional(),
    template: key,
    /** One locale for everyone; by default each recipient's own. */
    locale: z.string().trim().min(2).max(35).optional(),
    data: z.record(z.string(), z.unknown()).default({}),
  })
  .refine((input) => (input.segmentId === undefined) !== (input.filter === undefined), {
    message: 'give exactly one of segmentId and filter',
    path: ['segmentId'],
  });
/** What `sms.estimate` takes. */
export type SmsEstimateInput = z.input<typeof SmsEstimateInputSchema>;

/** Country of a number that cannot be placed (priced by `*` only). */
export const UNKNOWN_COUNTRY = 'ZZ';

/** What an SMS direct mail would cost before it starts. */
export interface SmsEstimate {
  /** Recipients a mailing would send to now. */
  recipients: number;
  /** Parties of the audience it would skip (no number, invalid, opted out, no consent). */
  skipped: number;
  /**
   * Per recipient locale (named by the template locale it renders in): recipients, and the
   * segments and encoding of one message (see the approximation in the README).
   */
  byLocale: Array<{ locale: string; recipients: number; segmentsPerMessage: number; encoding: SmsEncoding }>;
  /** Per recipient country (from the number; `ZZ` when unknown): recipients and segments. */
  byCountry: Array<{ country: string; recipients: number; segments: number }>;
  /** Segments in all. */
  segments: number;
  /** The cost from the options' price table (exact decimals; unpriced countries listed), or null without one. */
  cost: CostEstimate | null;
}

const longest = (values: ReadonlyArray<string | null>): string | null =>
  values.reduce<string | null>((a, b) => (b !== null && (a === null || b.length > a.length) ? b : a), null);

/**
 * Estimates an SMS direct mail: one statement over the audience messaging would resolve (same
 * visibility, address and consent rules), countries from the numbers, one rendering per locale with
 * the longest party fields of that locale's recipients (an upper bound on length), segments ×
 * recipients, priced per country.
 */
export async function estimateMailing(
  tx: TxContext,
  deps: { templates: TemplateService; options: SmsOptions },
  input: SmsEstimateInput,
): Promise<SmsEstimate> {
  const parsed = parse(SmsEstimateInputSchema, input, 'SMS estimate');
  const taken = RESERVED_TEMPLATE_KEYS.filter((k) => k in parsed.data);
  if (taken.length > 0) {
    throw new InvalidDataError(
      'SMS estimate',
      taken.map((k) => ({ path: `data.${k}`, message: `"${k}" is filled in by messaging`, code: 'custom' })),
    );
  }
  const channel = tx.resolve(CHANNEL_REGISTRY).require('sms');
  const segments = tx.resolve(SEGMENT_SERVICE);
  const filter = parsed.segmentId ? (await segments.get(tx, parsed.segmentId)).filter : parsed.filter!;
  const predicate = await segments.predicate(tx, filter);
  await deps.templates.resolve(tx, 'sms', parsed.template, parsed.locale ?? null);
  const rows = await audienceOf(tx, channel, { predicate, locale: parsed.locale ?? null });
  const byLocale = new Map<string, AudienceRow[]>();
  let skipped = 0;
  for (const row of rows) {
    if (row.skip_reason !== null || row.address === null) {
      skipped++;
      continue;
    }
    const locale = row.locale ?? '';
    const group = byLocale.get(locale);
    if (group) group.push(row);
    else byLocale.set(locale, [row]);
  }
  const unsubscribeUrl = channel.unsubscribeUrl?.(unsubscribeToken(tx.tenantId, '0'.repeat(64))) ?? null;
  const perCountry = new Map<string, { recipients: number; segments: number }>();
  const groups: Array<{ country: string; count: number; segments: number }> = [];
  const locales: SmsEstimate['byLocale'] = [];
  for (const [locale, group] of byLocale) {
    const template = await deps.templates.resolve(tx, 'sms', parsed.template, locale || null);
    const party: TemplateParty = {
      id: group[0]!.party_id,
      kind: group.some((r) => r.party_kind === 'organization') ? 'organization' : 'person',
      displayName: longest(group.map((r) => r.display_name)) ?? '',
      givenName: longest(group.map((r) => r.given_name)),
      familyName: longest(group.map((r) => r.family_name)),
      organizationName: longest(group.map((r) => r.organization_name)),
      locale: locale || null,
    };
    const rendered = deps.templates.renderWith(template, renderContext(parsed.data, party, unsubscribeUrl));
    const length = measureSms(rendered.parts.text ?? '');
    locales.push({
      locale: rendered.locale,
      recipients: group.length,
      segmentsPerMessage: length.segments,
      encoding: length.encoding,
    });
    const counts = new Map<string, number>();
    for (const row of group) {
      // Per number: a prefix does not settle the country (+44 7911 12… is Guernsey, not the UK).
      const country = countryOfNumber(row.address!) ?? UNKNOWN_COUNTRY;
      counts.set(country, (counts.get(country) ?? 0) + 1);
    }
    for (const [country, count] of counts) {
      groups.push({ country, count, segments: length.segments });
      const total = perCountry.get(country) ?? { recipients: 0, segments: 0 };
      total.recipients += count;
      total.segments += count * length.segments;
      perCountry.set(country, total);
    }
  }
  const byCountry = [...perCountry]
    .map(([country, t]) => ({ country, ...t }))
    .sort((a, b) => a.country.localeCompare(b.country));
  return {
    recipients: rows.length - skipped,
    skipped,
    byLocale: locales.sort((a, b) => a.locale.localeCompare(b.locale)),
    byCountry,
    segments: byCountry.reduce((sum, c) => sum + c.segments, 0),
    cost: deps.options.prices
      ? mergeCountries(estimateCost({ recipients: groups, segments: 1 }, deps.options.prices))
      : null,
  };
}

/** One line per country in the cost (a country's recipients may span locales). */
function mergeCountries(cost: CostEstimate): CostEstimate {
  const merged = new Map<string, CostEstimate['byCountry'][number]>();
  for (const line of cost.byCountry) {
    const seen = merged.get(line.country);
    if (!seen) {
      merged.set(line.country, { ...line });
      continue;
    }
    seen.recipients += line.recipients;
    seen.segments += line.segments;
    seen.cost = addDecimals(seen.cost, line.cost);
  }
  return {
    ...cost,
    byCountry: [...merged.values()].sort((a, b) => a.country.localeCompare(b.country)),
    unpriced: [...new Set(cost.unpriced)].sort(),
  };
}

/** Sum of two non-negative decimals with at most 6 places, exactly. */
function addDecimals(a: string, b: string): string {
  const micros = (v: string) => {
    const [whole, frac = ''] = v.split('.');
    return BigInt(whole!) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
  };
  const sum = micros(a) + micros(b);
  const fraction = (sum % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${sum / 1_000_000n}.${fraction.padEnd(2, '0')}`;
}
