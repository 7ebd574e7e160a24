import Handlebars from 'handlebars';
import { inject, injectable } from 'tsyringe';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { CallContext, TxContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { NotFoundError, RapportError } from '../kernel/errors.js';
import { DATABASE } from '../kernel/tokens.js';
import { parse } from '../kernel/validation.js';
import { requireAdmin } from '../organisation/permissions.js';
import { BUILT_IN_HELPERS, type TemplateHelper, type TemplateParty } from './helpers.js';
import type { TemplateKindRegistry } from './kind-registry.js';
import {
  type CompiledTemplate,
  canonicalLocale,
  compileTemplate,
  localeChain,
  renderTemplate,
  templateLabel,
} from './template-compiler.js';
import { TEMPLATE_KINDS } from './tokens.js';

const key = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,99}$/, 'must be a lower-case key (a-z, 0-9, _ . -)');

/** A template: its kind, name, locale and one Handlebars source per part. */
export const TemplateInputSchema = z.object({
  kind: key,
  name: key,
  /** BCP 47; defaults to the kind's default locale. */
  locale: z.string().trim().min(2).max(35).optional(),
  parts: z.record(z.string(), z.string().max(500_000)),
});
/** What `templates.register` and `templates.save` take. */
export type TemplateInput = z.input<typeof TemplateInputSchema>;

const TemplateKeySchema = z.object({ kind: key, name: key, locale: z.string().trim().min(2).max(35) });
/** Names one template of one locale. */
export type TemplateKey = z.input<typeof TemplateKeySchema>;

/** A tenant's template version, as stored. */
export interface StoredTemplate {
  id: string;
  kind: string;
  name: string;
  locale: string;
  version: number;
  /** Null for a removal (the code template, if any, applies again). */
  parts: Record<string, string> | null;
  createdAt: Date;
}

/** What `render` takes. */
export interface RenderInput {
  kind: string;
  name: string;
  /** Wanted locale; falls back to its language, then to the kind's default locale. */
  locale?: string | null;
  data: Record<string, unknown>;
  party?: TemplateParty;
}

/** A rendered template. */
export interface RenderedTemplate {
  kind: string;
  name: string;
  /** The locale of the template that was used (after fallback). */
  locale: string;
  source: 'code' | 'tenant';
  version: number | null;
  parts: Record<string, string>;
}

/** Names in the render context that core fills in; data may not use them. */
export const RESERVED_TEMPLATE_KEYS = ['party'] as const;

interface TemplateRow {
  id: string;
  kind: string;
  name: string;
  locale: string;
  version: number;
  parts: Record<string, string> | null;
  removed: boolean;
  created_at: string;
}

/**
 * Templates: Handlebars, one isolated instance per CRM. Templates are registered in code
 * (by plugins or the application, for every tenant) or saved by a tenant's administrators (versioned;
 * they take precedence over code templates of the same name and locale). Each has one source per
 * part of its kind (declared by the plugin that renders it); they are checked when registered,
 * rendered in strict mode.
 */
@injectable()
export class TemplateService {
  private readonly hb = Handlebars.create();
  private readonly code = new Map<string, CompiledTemplate>();
  /** Tenant template versions never change once written, so they are compiled once, by id. */
  private readonly tenantCompiled = new Map<string, CompiledTemplate>();

  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(TEMPLATE_KINDS) private readonly kinds: TemplateKindRegistry,
  ) {
    for (const [name, helper] of Object.entries(BUILT_IN_HELPERS)) this.hb.registerHelper(name, helper);
  }

  /**
   * Adds a helper to this CRM's templates (dates, money and names are built in). A name taken
   * already is a duplicate error.
   *
   * @example
   * crm.services.templates.registerHelper('upper', (s: string) => s.toUpperCase());
   */
  registerHelper(name: string, helper: TemplateHelper): void {
    if (!/^[A-Za-z_][\w]*$/.test(name))
      throw new RapportError('INVALID_DATA', `Helper name "${name}" is not an identifier`, {
        details: { name },
      });
    if (this.hb.helpers[name])
      throw new RapportError('DUPLICATE', `A template helper "${name}" exists`, { details: { name } });
    this.hb.registerHelper(name, helper);
  }

  /**
   * Registers a template for every tenant. Checked now: an unknown kind, a missing or unknown part
   * or a syntax error is an error naming the template and the part.
   *
   * @example
   * crm.services.templates.register({ kind: 'email', name: 'welcome', locale: 'en',
   *   parts: { subject: 'Welcome, {{name party "informal"}}', html: '<p>Hello {{party.givenName}}</p>' } });
   */
  register(input: TemplateInput): void {
    const template = parse(TemplateInputSchema, input, 'template');
    const kind = this.kinds.require(template.kind);
    const locale = canonicalLocale(template.locale ?? kind.defaultLocale);
    const id = codeKey(kind.name, template.name, locale);
    if (this.code.has(id)) {
      throw new RapportError(
        'DUPLICATE',
        `Template ${templateLabel(kind.name, template.name, locale)} exists`,
        {
          details: { kind: kind.name, name: template.name, locale },
        },
      );
    }
    this.code.set(
      id,
      compileTemplate(this.hb, kind, { ...template, locale }, { source: 'code', version: null }),
    );
  }

  /**
   * Saves the tenant's own version of a template (administrators): a new version each time, the
   * earlier ones kept. It takes precedence over a code template of the same kind, name and locale.
   */
  async save(ctx: CallContext, input: TemplateInput): Promise<StoredTemplate> {
    const template = parse(TemplateInputSchema, input, 'template');
    const kind = this.kinds.require(template.kind);
    const locale = canonicalLocale(template.locale ?? kind.defaultLocale);
    compileTemplate(this.hb, kind, { ...template, locale }, { source: 'tenant', version: 0 });
    return this.db.transaction(ctx, async (tx) => {
      await requireAdmin(tx);
      return this.writeVersion(tx, { kind: kind.name, name: template.name, locale }, template.parts);
    });
  }

  /** Removes the tenant's version of a template (as a new, empty version): the code template applies again. */
  async remove(ctx: CallContext, input: TemplateKey): Promise<StoredTemplate> {
    const { kind, name, locale: raw } = parse(TemplateKeySchema, input, 'template');
    const locale = canonicalLocale(raw);
    return this.db.transaction(ctx, async (tx) => {
      await requireAdmin(tx);
      const [current] = await this.versions(tx, { kind, name, locale }, 1);
      if (!current || current.parts === null)
        throw new NotFoundError('Template', templateLabel(kind, name, locale));
      return this.writeVersion(tx, { kind, name, locale }, null);
    });
  }

  /** Every version of the tenant's template, newest first. */
  async history(ctx: CallContext, input: TemplateKey): Promise<StoredTemplate[]> {
    const { kind, name, locale } = parse(TemplateKeySchema, input, 'template');
    return this.db.transaction(ctx, (tx) =>
      this.versions(tx, { kind, name, locale: canonicalLocale(locale) }),
    );
  }

  /**
   * The template used for a kind, name and locale: for each locale of the fallback chain (`de-AT`,
   * `de`, the kind's default), the tenant's current version, else the code template.
   */
  async resolve(
    tx: TxContext,
    kindName: string,
    name: string,
    locale?: string | null,
  ): Promise<CompiledTemplate> {
    const kind = this.kinds.require(kindName);
    const chain = localeChain(locale, kind.defaultLocale);
    const rows = await tx.sql<TemplateRow>(
      `select distinct on (locale) id, kind, name, locale, version, parts, removed, created_at
       from core_template where tenant_id = $1 and kind = $2 and name = $3 and locale = any($4)
       order by locale, version desc`,
      [tx.tenantId, kind.name, name, chain],
    );
    const tenant = new Map(rows.map((r) => [r.locale, r]));
    for (const candidate of chain) {
      const row = tenant.get(candidate);
      if (row && !row.removed && row.parts) {
        let compiled = this.tenantCompiled.get(row.id);
        if (!compiled) {
          compiled = compileTemplate(
            this.hb,
            kind,
            { name, locale: row.locale, parts: row.parts },
            {
              source: 'tenant',
              version: row.version,
            },
          );
          this.tenantCompiled.set(row.id, compiled);
        }
        return compiled;
      }
      const code = this.code.get(codeKey(kind.name, name, candidate));
      if (code) return code;
    }
    throw new NotFoundError('Template', `${kind.name}/${name}`, { locales: chain });
  }

  /**
   * Renders a template with data (and the party, as `party`), in the resolved template's locale. A
   * variable the data lacks is an invalid-data error naming it, not an empty string.
   */
  async render(ctx: CallContext, input: RenderInput): Promise<RenderedTemplate> {
    return this.db.transaction(ctx, async (tx) => {
      const template = await this.resolve(tx, input.kind, input.name, input.locale);
      return this.renderWith(template, renderContext(input.data, input.party));
    });
  }

  /** Renders a resolved template with a context built by {@link renderContext}. */
  renderWith(template: CompiledTemplate, context: Record<string, unknown>): RenderedTemplate {
    return {
      kind: template.kind,
      name: template.name,
      locale: template.locale,
      source: template.source,
      version: template.version,
      parts: renderTemplate(template, context, template.locale),
    };
  }

  private async writeVersion(
    tx: TxContext,
    { kind, name, locale }: { kind: string; name: string; locale: string },
    parts: Record<string, string> | null,
  ): Promise<StoredTemplate> {
    // Serialises concurrent saves of one template, so versions stay gapless and unique.
    await tx.sql('select pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `${tx.tenantId}:template:${kind}/${name}/${locale}`,
    ]);
    const [row] = await tx.sql<TemplateRow>(
      `insert into core_template (tenant_id, id, kind, name, locale, version, parts, removed, actor)
       select $1, $2, $3, $4, $5, coalesce(max(version), 0) + 1, $6::jsonb, $7, $8::jsonb
       from core_template where tenant_id = $1 and kind = $3 and name = $4 and locale = $5
       returning id, kind, name, locale, version, parts, removed, created_at`,
      [
        tx.tenantId,
        uuidv7(),
        kind,
        name,
        locale,
        parts === null ? null : JSON.stringify(parts),
        parts === null,
        JSON.stringify(tx.actor),
      ],
    );
    return toStored(row!);
  }

  private async versions(tx: TxContext, key: { kind: string; name: string; locale: string }, limit = 1000) {
    const rows = await tx.sql<TemplateRow>(
      `select id, kind, name, locale, version, parts, removed, created_at from core_template
       where tenant_id = $1 and kind = $2 and name = $3 and locale = $4 order by version desc limit $5`,
      [tx.tenantId, key.kind, key.name, key.locale, limit],
    );
    return rows.map(toStored);
  }
}

/**
 * The context templates render with: the data, the party as `party`, and what the renderer adds
 * (a message's `unsubscribeUrl`, say).
 */
export function renderContext(
  data: Record<string, unknown>,
  party: TemplateParty | null | undefined,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { ...data, party: party ?? null, ...extra };
}

const codeKey = (kind: string, name: string, locale: string) => `${kind}\u0000${name}\u0000${locale}`;

function toStored(row: TemplateRow): StoredTemplate {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    locale: row.locale,
    version: row.version,
    parts: row.removed ? null : row.parts,
    createdAt: new Date(row.created_at),
  };
}
