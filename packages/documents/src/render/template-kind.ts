import type { TemplateKind } from '@rapport/core/plugin';

/**
 * The template kind documents render: `html` (required) for previews, email bodies and the stored
 * HTML, and `pdf` (optional), the printed layout in the markup of `markupToContent`. Without a
 * `pdf` part the PDF is laid out from the HTML's text.
 */
export const DOCUMENT_TEMPLATE_KIND: TemplateKind = {
  name: 'document',
  parts: { html: { required: true, html: true }, pdf: {} },
  defaultLocale: 'en',
};
