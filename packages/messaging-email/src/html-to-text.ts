import { compile } from 'html-to-text';

/**
 * html-to-text (a maintained HTML parser and formatter) instead of regular expressions: it keeps
 * link targets, lays tables out in columns, and decodes every entity (an invalid one such as
 * `&#x110000;` becomes U+FFFD instead of throwing).
 */
const convert = compile({
  // Mail clients wrap plain text themselves; a hard wrap would break long links.
  wordwrap: false,
  // Every table is laid out as a table: layout tables in emails hold content too.
  tables: true,
  selectors: [
    { selector: 'a', options: { linkBrackets: ['(', ')'], hideLinkHrefIfSameAsText: true } },
    { selector: 'img', format: 'skip' },
  ],
});

/**
 * A plain-text version of an HTML body, for templates without a `text` part: blocks become lines,
 * links keep their target, table cells stay apart, entities are decoded. Write a `text` part when
 * the wording matters.
 */
export function htmlToText(html: string): string {
  return convert(html);
}
