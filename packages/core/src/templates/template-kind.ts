/** One part of a template kind (an email has `subject`, `html` and `text`; a document `html`). */
export interface TemplatePartSpec {
  /** A template of the kind must have this part. */
  required?: boolean;
  /** The part is HTML: `{{value}}` is HTML-escaped. Other parts are plain text and are not escaped. */
  html?: boolean;
}

/**
 * A kind of template, declared by the plugin that renders it (a message channel, documents): the
 * parts its templates have and the locale used when no other matches.
 *
 * @example
 * definePlugin({ name: 'documents', version: '1.0.0',
 *   templateKinds: [{ name: 'document', parts: { html: { required: true, html: true } }, defaultLocale: 'en' }] });
 */
export interface TemplateKind {
  /** The kind's name, used in `templates.register({ kind })`: `email`, `document`. */
  name: string;
  /** The parts of the kind's templates; at least one is required. */
  parts: Readonly<Record<string, TemplatePartSpec>>;
  /** Locale used when neither the requested locale nor its language has a template. */
  defaultLocale: string;
}
