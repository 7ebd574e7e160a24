import type { Content, TableCell } from 'pdfmake';

/**
 * Lays out the `pdf` part of a document template, a small line-based markup, as pdfmake content:
 *
 * - `# Title`, `## Heading`
 * - lines starting with `|` form a table (`| Item | >Amount |`); the first row is the header, a row
 *   of dashes (`|---|---|`) is skipped, a cell starting with `>` is right-aligned
 * - `>> text`: a right-aligned line (a date, a place)
 * - `---`: a horizontal rule
 * - other lines are text; consecutive lines stay one paragraph with their line breaks (an address),
 *   a blank line starts a new paragraph; `**bold**` inside a line
 *
 * Values are inserted by the template engine unescaped (this is not HTML): data that starts a line
 * with `#` or `|` is laid out as such.
 */
export function markupToContent(markup: string): Content[] {
  const content: Content[] = [];
  let paragraph: string[] = [];
  let table: string[][] = [];
  const flushParagraph = () => {
    if (paragraph.length > 0) content.push({ text: inline(paragraph.join('\n')), style: 'body' });
    paragraph = [];
  };
  const flushTable = () => {
    if (table.length > 0) content.push(tableOf(table));
    table = [];
  };
  for (const raw of markup.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    const trimmed = line.trim();
    if (trimmed.startsWith('|')) {
      flushParagraph();
      const cells = trimmed
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((c) => c.trim());
      if (!cells.every((c) => /^:?-{2,}:?$/.test(c))) table.push(cells);
      continue;
    }
    flushTable();
    if (trimmed === '') flushParagraph();
    else if (trimmed === '---') {
      flushParagraph();
      content.push({
        canvas: [{ type: 'line', x1: 0, y1: 4, x2: 515, y2: 4, lineWidth: 0.5 }],
        margin: [0, 4, 0, 8],
      });
    } else if (trimmed.startsWith('## ')) {
      flushParagraph();
      content.push({ text: inline(trimmed.slice(3)), style: 'heading' });
    } else if (trimmed.startsWith('# ')) {
      flushParagraph();
      content.push({ text: inline(trimmed.slice(2)), style: 'title' });
    } else if (trimmed.startsWith('>> ')) {
      flushParagraph();
      content.push({ text: inline(trimmed.slice(3)), alignment: 'right', style: 'body' });
    } else paragraph.push(trimmed);
  }
  flushParagraph();
  flushTable();
  return content;
}

function tableOf(rows: string[][]): Content {
  const width = Math.max(...rows.map((r) => r.length));
  const body: TableCell[][] = rows.map((row, i) =>
    Array.from({ length: width }, (_, c) => {
      const cell = row[c] ?? '';
      const right = cell.startsWith('>');
      return {
        text: inline(right ? cell.slice(1).trim() : cell),
        bold: i === 0,
        alignment: right ? 'right' : 'left',
      } as TableCell;
    }),
  );
  return {
    table: { headerRows: 1, widths: Array.from({ length: width }, (_, c) => (c === 0 ? '*' : 'auto')), body },
    layout: 'lightHorizontalLines',
    margin: [0, 4, 0, 10],
  };
}

/** `**bold**` spans of a line as pdfmake inlines. */
function inline(text: string): Content {
  const parts = text.split(/(\*\*[^*]+\*\*)/g).filter((p) => p !== '');
  if (parts.length === 1 && !parts[0]!.startsWith('**')) return text;
  return parts.map((part) =>
    part.startsWith('**') && part.endsWith('**') ? { text: part.slice(2, -2), bold: true } : { text: part },
  ) as Content;
}
