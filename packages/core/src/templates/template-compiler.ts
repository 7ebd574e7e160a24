import type Handlebars from 'handlebars';
import { type FieldIssue, InvalidDataError } from '../kernel/errors.js';
import type { TemplateKind } from './template-kind.js';

/** A template ready to render: one compiled function per part. */
export interface CompiledTemplate {
  /** The template kind (`email`, `document`…). */
  kind: string;
  name: string;
  locale: string;
  /** `code` for templates registered by plugins or the application, `tenant` for the tenant's own. */
  source: 'code' | 'tenant';
  /** The tenant template's version (null for code templates). */
  version: number | null;
  parts: Readonly<Record<string, Handlebars.TemplateDelegate>>;
  sources: Readonly<Record<string, string>>;
}

/** `email/welcome (de)`: how errors name a template. */
export const templateLabel = (kind: string, name: string, locale: string): string =>
  `${kind}/${name} (${locale})`;

/** A BCP 47 locale in canonical spelling (`de-at` → `de-AT`); a bad one is an invalid-data error. */
export function canonicalLocale(locale: string, path = 'locale'): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(locale);
    if (canonical) return canonical;
  } catch {
    // reported below
  }
  throw new InvalidDataError('locale', [
    { path, message: `"${locale}" is not a BCP 47 locale`, code: 'invalid_format' },
  ]);
}

/** The locales tried for `locale`, most specific first: `de-AT`, `de`, then the kind's default. */
export function localeChain(locale: string | null | undefined, defaultLocale: string): string[] {
  const chain: string[] = [];
  if (locale) {
    const parts = canonicalLocale(locale).split('-');
    for (let n = parts.length; n > 0; n--) chain.push(parts.slice(0, n).join('-'));
  }
  chain.push(canonicalLocale(defaultLocale));
  return [...new Set(chain)];
}

/**
 * Checks a template's parts against its kind and compiles them: unknown or missing parts and
 * syntax errors are one invalid-data error naming the template and every offending part. HTML parts
 * escape `{{value}}`; plain-text parts do not (an ampersand in a subject stays an ampersand). Strict
 * mode makes a variable missing from the data an error when rendering, not an empty string.
 */
export function compileTemplate(
  hb: typeof Handlebars,
  kind: TemplateKind,
  template: { name: string; locale: string; parts: Record<string, unknown> },
  meta: { source: 'code' | 'tenant'; version: number | null },
): CompiledTemplate {
  const label = templateLabel(kind.name, template.name, template.locale);
  const issues: FieldIssue[] = [];
  for (const [part, spec] of Object.entries(kind.parts)) {
    if (spec.required && typeof template.parts[part] !== 'string')
      issues.push({
        path: `parts.${part}`,
        message: `${kind.name} templates need a ${part}`,
        code: 'missing',
      });
  }
  const compiled: Record<string, Handlebars.TemplateDelegate> = {};
  const sources: Record<string, string> = {};
  for (const [part, source] of Object.entries(template.parts)) {
    const spec = kind.parts[part];
    if (!spec) {
      issues.push({
        path: `parts.${part}`,
        message: `${kind.name} templates have no part "${part}" (they have ${Object.keys(kind.parts).join(', ')})`,
        code: 'unrecognized_keys',
      });
      continue;
    }
    if (typeof source !== 'string') {
      issues.push({ path: `parts.${part}`, message: 'must be a string', code: 'invalid_type' });
      continue;
    }
    try {
      hb.parse(source);
    } catch (error) {
      issues.push({ path: `parts.${part}`, message: (error as Error).message, code: 'template_syntax' });
      continue;
    }
    sources[part] = source;
    compiled[part] = hb.compile(source, { strict: true, noEscape: !spec.html });
  }
  if (issues.length > 0) throw new InvalidDataError(`template ${label}`, issues);
  return {
    kind: kind.name,
    name: template.name,
    locale: template.locale,
    ...meta,
    parts: Object.freeze(compiled),
    sources: Object.freeze(sources),
  };
}

/**
 * Renders every part. A variable the data lacks, a helper that does not exist or a helper that
 * refuses its arguments is an invalid-data error naming the template, the part and the expression.
 */
export function renderTemplate(
  template: CompiledTemplate,
  context: Record<string, unknown>,
  locale: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [part, render] of Object.entries(template.parts)) {
    try {
      out[part] = render(context, { data: { locale } });
    } catch (error) {
      throw renderError(template, part, error);
    }
  }
  return out;
}

function renderError(template: CompiledTemplate, part: string, error: unknown): InvalidDataError {
  const label = templateLabel(template.kind, template.name, template.locale);
  const message = error instanceof Error ? error.message : String(error);
  const missing = /^"([^"]+)" not defined in .* - (\d+):(\d+)$/.exec(message);
  if (missing) {
    const expression = expressionAt(
      template.sources[part] ?? '',
      Number(missing[2]),
      Number(missing[3]),
      missing[1]!,
    );
    return new InvalidDataError(`data of template ${label}`, [
      {
        path: `data.${expression ?? missing[1]}`,
        message: `the ${part} of ${label} uses {{${expression ?? missing[1]}}}, which the data does not have`,
        code: 'missing_variable',
      },
    ]);
  }
  return new InvalidDataError(`data of template ${label}`, [
    { path: `parts.${part}`, message, code: 'render_failed' },
  ]);
}

/**
 * The path expression (`order.total`) of the mustache around a (1-based line, 0-based column)
 * position whose last segment is `name`: Handlebars names only the last segment.
 */
function expressionAt(source: string, line: number, column: number, name: string): string | undefined {
  const text = source.split('\n')[line - 1];
  if (text === undefined) return undefined;
  const open = text.lastIndexOf('{{', column + 2);
  const close = text.indexOf('}}', Math.max(column, open));
  if (open < 0 || close < 0) return undefined;
  const words = text
    .slice(open + 2, close)
    .replace(/^[{#/^~&]+/, '')
    .trim()
    .split(/\s+/);
  const word = words.find((w) => w === name || w.endsWith(`.${name}`));
  return word?.replace(/^(this\.|\.\/)/, '');
}
