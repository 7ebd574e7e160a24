import type { HelperOptions } from 'handlebars';
import type { Party } from '../parties/party.js';

/** The party as templates see it (`{{party.givenName}}`, `{{name party "informal"}}`). */
export type TemplateParty = Pick<
  Party,
  'id' | 'kind' | 'displayName' | 'givenName' | 'familyName' | 'organizationName' | 'locale'
>;

/** A template helper: plain arguments, then Handlebars' options (`hash`, `data.locale`). */
export type TemplateHelper = (...args: any[]) => unknown;

/** Languages that write a person's family name first. */
const FAMILY_NAME_FIRST = new Set(['ja', 'zh', 'ko', 'hu', 'vi']);

const localeOf = (options: HelperOptions): string => (options.data?.locale as string | undefined) ?? 'en';

function toDate(value: unknown, helper: string): Date {
  const date = value instanceof Date ? value : new Date(value as string | number);
  if (value === null || value === undefined || Number.isNaN(date.getTime()))
    throw new TypeError(`{{${helper}}} needs a date, got ${JSON.stringify(value)}`);
  return date;
}

/**
 * `{{date value}}`, `{{date value "long"}}`: a date in the template's locale (`short`, `medium`,
 * `long`, `full`; `timeZone="Europe/Berlin"` optional, UTC by default so the output does not depend
 * on the server).
 */
function date(value: unknown, ...rest: unknown[]): string {
  const options = rest.pop() as HelperOptions;
  const style = (typeof rest[0] === 'string' ? rest[0] : 'medium') as Intl.DateTimeFormatOptions['dateStyle'];
  const timeZone = (options.hash?.timeZone as string | undefined) ?? 'UTC';
  return new Intl.DateTimeFormat(localeOf(options), { dateStyle: style, timeZone }).format(
    toDate(value, 'date'),
  );
}

/**
 * `{{money amount "EUR"}}`: an amount in the template's locale. Decimal strings are formatted exactly
 * (no float rounding on the way), as core stores money.
 */
function money(amount: unknown, currency: unknown, options: HelperOptions): string {
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency))
    throw new TypeError(`{{money}} needs an ISO 4217 currency, got ${JSON.stringify(currency)}`);
  if (typeof amount !== 'number' && !(typeof amount === 'string' && /^-?\d+(\.\d+)?$/.test(amount)))
    throw new TypeError(`{{money}} needs a decimal amount, got ${JSON.stringify(amount)}`);
  return new Intl.NumberFormat(localeOf(options), { style: 'currency', currency }).format(
    amount as Intl.StringNumericLiteral,
  );
}

/**
 * `{{name party}}` (the display name), `{{name party "informal"}}` (the given name),
 * `{{name party "formal" title="Dr."}}` (title and family name, or the full name in the order of the
 * template's language). Organisations always get their name.
 */
function name(party: unknown, ...rest: unknown[]): string {
  const options = rest.pop() as HelperOptions;
  const form = typeof rest[0] === 'string' ? rest[0] : 'full';
  const p = party as Partial<TemplateParty> | null | undefined;
  if (!p || typeof p.displayName !== 'string') throw new TypeError('{{name}} needs a party');
  if (p.kind === 'organization') return p.organizationName ?? p.displayName;
  const familyFirst = FAMILY_NAME_FIRST.has(localeOf(options).split('-')[0]!);
  const full = () => {
    const parts = [p.givenName, p.familyName].filter((s): s is string => !!s);
    if (parts.length === 0) return p.displayName!;
    return (familyFirst ? parts.reverse() : parts).join(' ');
  };
  switch (form) {
    case 'informal':
      return p.givenName ?? p.displayName;
    case 'formal': {
      const title = options.hash?.title as string | undefined;
      if (title && p.familyName) return `${title} ${p.familyName}`;
      return full();
    }
    case 'full':
      return full();
    default:
      throw new TypeError(`{{name}} form must be full, informal or formal, got "${form}"`);
  }
}

/** The helpers every CRM's templates have. */
export const BUILT_IN_HELPERS: Readonly<Record<string, TemplateHelper>> = Object.freeze({
  date,
  money,
  name,
});
