import {
  inject,
  injectable,
  renderContext,
  TEMPLATE_SERVICE,
  type TemplateParty,
  type TemplateService,
  type TxContext,
  z,
} from '@rapport/core/plugin';
import { convert } from 'html-to-text';
import { renderPdf } from './pdf.js';
import { markupToContent } from './pdf-markup.js';
import { DOCUMENT_TEMPLATE_KIND } from './template-kind.js';

/** What `documents.render` takes. */
export const RenderInputSchema = z.object({
  /** The template's name (of kind `document`); by convention the document type's key. */
  template: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_.-]{0,99}$/),
  /** Wanted locale (BCP 47); falls back to its language, then to the kind's default (`en`). */
  locale: z.string().trim().min(2).max(35).optional(),
  data: z.record(z.string(), z.unknown()),
});
/** What `documents.render` takes. */
export type RenderInput = z.input<typeof RenderInputSchema>;

/** A rendered document: its HTML, its PDF, and the locale of the template that was used. */
export interface RenderedDocument {
  html: string;
  pdf: Uint8Array<ArrayBuffer>;
  locale: string;
  /** `code` or `tenant`, and the tenant template's version: which template made it. */
  source: 'code' | 'tenant';
  templateVersion: number | null;
}

/**
 * Renders document templates with core's engine (strict: a missing variable is invalid data naming
 * it; `date`, `money` and `name` format per locale) to HTML, and lays the result out as a PDF.
 */
@injectable()
export class DocumentRenderer {
  constructor(@inject(TEMPLATE_SERVICE) private readonly templates: TemplateService) {}

  /** Renders `template` for `data` (and `party`, as `{{party}}`) to HTML and PDF, inside `tx`. */
  async render(
    tx: TxContext,
    input: z.output<typeof RenderInputSchema> & { party?: TemplateParty; title?: string; footer?: string },
  ): Promise<RenderedDocument> {
    const template = await this.templates.resolve(
      tx,
      DOCUMENT_TEMPLATE_KIND.name,
      input.template,
      input.locale,
    );
    const rendered = this.templates.renderWith(template, renderContext(input.data, input.party));
    const html = rendered.parts.html ?? '';
    const markup =
      rendered.parts.pdf ??
      convert(html, { wordwrap: false, selectors: [{ selector: 'a', options: { ignoreHref: true } }] });
    const pdf = await renderPdf({
      content: markupToContent(markup),
      title: input.title ?? input.template,
      lang: rendered.locale,
      ...(input.footer ? { footer: input.footer } : {}),
    });
    return { html, pdf, locale: rendered.locale, source: rendered.source, templateVersion: rendered.version };
  }
}
