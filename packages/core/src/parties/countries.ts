import countries from 'i18n-iso-countries';

/** The languages whose country names are understood. */
export const COUNTRY_NAME_LANGUAGES = ['en', 'de', 'fr', 'es', 'ru', 'it', 'pt', 'nl', 'pl', 'uk'] as const;

/**
 * Common abbreviations and names the library does not list (keys are normalised: lower case, no
 * dots or accents). "UK" is not an ISO code but everyone writes it for Great Britain.
 */
const ABBREVIATIONS: Record<string, string> = {
  uk: 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  britain: 'GB',
  usa: 'US',
  us: 'US',
  'united states of america': 'US',
  america: 'US',
  uae: 'AE',
  'the netherlands': 'NL',
  holland: 'NL',
  'south korea': 'KR',
  'north korea': 'KP',
  russia: 'RU',
  'czech republic': 'CZ',
  'ivory coast': 'CI',
  vatican: 'VA',
  brd: 'DE',
  rf: 'RU',
  рф: 'RU',
  сша: 'US',
};

let names: Map<string, string> | undefined;

/** Lower case, accents and dots removed, spaces collapsed: "U.S.A." → "usa", "Österreich" → "osterreich". */
function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[.'’()]/g, '')
    .replace(/[\s,_-]+/g, ' ')
    .trim();
}

function nameIndex(): Map<string, string> {
  if (names) return names;
  const index = new Map<string, string>();
  // The library's Node entry registers every locale it ships; these are the ones we read.
  for (const language of COUNTRY_NAME_LANGUAGES) {
    for (const [code, value] of Object.entries(countries.getNames(language, { select: 'all' }))) {
      for (const name of value) if (!index.has(normalise(name))) index.set(normalise(name), code);
    }
  }
  for (const [name, code] of Object.entries(ABBREVIATIONS)) index.set(name, code);
  names = index;
  return index;
}

/**
 * The ISO 3166-1 alpha-2 code of a country written as an alpha-2 or alpha-3 code (any case), a
 * common abbreviation ("UK", "U.S.A.") or its name in one of {@link COUNTRY_NAME_LANGUAGES};
 * undefined when it is none of these.
 *
 * @example
 * resolveCountry('Deutschland'); // 'DE'
 * resolveCountry('UK'); // 'GB'
 */
export function resolveCountry(text: string): string | undefined {
  const trimmed = text.trim();
  if (/^[a-z]{2}$/i.test(trimmed) && countries.isValid(trimmed.toUpperCase())) return trimmed.toUpperCase();
  if (/^[a-z]{3}$/i.test(trimmed)) {
    const code = countries.alpha3ToAlpha2(trimmed.toUpperCase());
    if (code) return code;
  }
  return nameIndex().get(normalise(trimmed));
}
