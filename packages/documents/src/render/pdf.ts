import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Content } from 'pdfmake';
import pdfmake from 'pdfmake';

type TDocumentDefinitions = Parameters<typeof pdfmake.createPdf>[0];

const require = createRequire(import.meta.url);
const regular = require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf');
const fontDir = dirname(regular);

// pdfmake's instance is module-wide: configure it once. Roboto (shipped with pdfmake) covers Latin,
// Greek and Cyrillic; documents may read no file but these fonts and load no URL at all, so
// template data cannot make the renderer read the server's disk or call out.
pdfmake.setFonts({
  Roboto: {
    normal: regular,
    bold: `${fontDir}/Roboto-Medium.ttf`,
    italics: `${fontDir}/Roboto-Italic.ttf`,
    bolditalics: `${fontDir}/Roboto-MediumItalic.ttf`,
  },
});
pdfmake.setUrlAccessPolicy(() => false);
(pdfmake as unknown as { setLocalAccessPolicy(fn: (path: string) => boolean): void }).setLocalAccessPolicy(
  (path) => path.startsWith(`${fontDir}/`),
);

/** What a PDF is made of: its content, and the metadata written into the file. */
export interface PdfInput {
  content: Content[];
  title: string;
  /** Printed small at the foot of every page with the page number (the document number, say). */
  footer?: string;
  lang?: string;
}

/** Lays out the content on A4 pages with Rapport's plain styles and returns the PDF's bytes. */
export async function renderPdf(input: PdfInput): Promise<Uint8Array<ArrayBuffer>> {
  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [56, 56, 56, 64],
    info: { title: input.title, creator: 'Rapport', producer: 'Rapport documents (pdfmake)' },
    ...(input.lang ? { language: input.lang } : {}),
    content: input.content,
    defaultStyle: { font: 'Roboto', fontSize: 10.5, lineHeight: 1.25 },
    styles: {
      title: { fontSize: 18, bold: true, margin: [0, 0, 0, 12] },
      heading: { fontSize: 13, bold: true, margin: [0, 10, 0, 6] },
      body: { margin: [0, 0, 0, 8] },
    },
    footer: (page: number, pages: number) => ({
      text: [input.footer, `${page} / ${pages}`].filter(Boolean).join(' · '),
      alignment: 'center',
      fontSize: 8,
      margin: [0, 24, 0, 0],
    }),
  };
  const buffer = await pdfmake.createPdf(definition).getBuffer();
  return new Uint8Array(buffer);
}
