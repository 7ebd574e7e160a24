import { PDFParse } from 'pdf-parse';

/** The text of a PDF as a reader extracts it, with every kind of space (NBSP, NNBSP) as a plain space. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const { text } = await parser.getText();
    return text.replace(/[\u00a0\u202f\u2007]/g, ' ');
  } finally {
    await parser.destroy();
  }
}
