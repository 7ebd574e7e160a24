import { injectable } from 'tsyringe';
import { PluginError, RapportError } from '../kernel/errors.js';
import { canonicalLocale } from './template-compiler.js';
import type { TemplateKind } from './template-kind.js';

/**
 * The template kinds of a CRM: those plugins declare (`templateKinds`) and those registered in
 * `setup` by plugins that derive them (messaging: one kind per channel). Templates are checked
 * against their kind's parts.
 */
@injectable()
export class TemplateKindRegistry {
  private readonly kinds = new Map<string, { owner: string; kind: TemplateKind }>();

  /** Registers a kind; a name registered twice, or a malformed kind, is a plugin error. */
  register(owner: string, kind: TemplateKind): void {
    const problems: string[] = [];
    if (!/^[a-z][a-z0-9_-]{1,30}$/.test(kind.name)) problems.push('name must be a lower-case key');
    if (!Object.values(kind.parts).some((part) => part.required))
      problems.push('at least one template part must be required');
    try {
      canonicalLocale(kind.defaultLocale);
    } catch {
      problems.push(`defaultLocale "${kind.defaultLocale}" is not a BCP 47 locale`);
    }
    if (problems.length > 0) {
      throw new PluginError(
        `Template kind "${kind.name}" of ${owner} is misconfigured: ${problems.join('; ')}`,
        {
          plugins: [owner],
          kind: kind.name,
          problems,
        },
      );
    }
    const existing = this.kinds.get(kind.name);
    if (existing) {
      throw new PluginError(
        `Template kind "${kind.name}" is declared by both ${existing.owner} and ${owner}`,
        {
          plugins: [existing.owner, owner],
          kind: kind.name,
        },
      );
    }
    this.kinds.set(kind.name, { owner, kind: Object.freeze({ ...kind }) });
  }

  /** The kind with this name; a name nobody declared is a not-found error. */
  require(name: string): TemplateKind {
    const found = this.kinds.get(name);
    if (!found) {
      throw new RapportError('NOT_FOUND', `No installed plugin declares the template kind "${name}"`, {
        details: { what: 'TemplateKind', id: name, installed: [...this.kinds.keys()] },
      });
    }
    return found.kind;
  }

  /** The kind with this name, or undefined. */
  get(name: string): TemplateKind | undefined {
    return this.kinds.get(name)?.kind;
  }

  /** Every kind with the plugin that declared it. */
  list(): Array<{ owner: string; kind: TemplateKind }> {
    return [...this.kinds.values()];
  }
}
