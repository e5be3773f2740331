import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

// DejaVu Sans (dejavu-fonts-ttf, Bitstream Vera licence: free to embed and redistribute;
// LICENSES-FONTS.md) is embedded, so Spanish words and names ("Sesión", "José Peña") print:
// the PDF standard fonts have no glyphs outside Latin-1 and are not embedded.
const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
/** The two font files, read once per process on the first document. */
let fonts: { body: Buffer; bold: Buffer } | undefined;
const fontFiles = () => (fonts ??= { body: readFileSync(FONT), bold: readFileSync(FONT_BOLD) });

export interface PdfStart {
  title: string;
  language: string;
  /** The document's date: the same content at the same date gives the same bytes. */
  date: Date;
  margins: { top: number; bottom: number; left: number; right: number };
  /** Keep the pages to write on them again at the end (running headers, "page i of n"). */
  bufferPages?: boolean;
}

/**
 * A new A4 PDF with the DejaVu fonts registered as 'body' and 'bold', and its bytes once
 * `doc.end()` is called.
 */
export function startPdf(start: PdfStart): { doc: PDFKit.PDFDocument; bytes: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    margins: start.margins,
    bufferPages: start.bufferPages ?? false,
    info: {
      Title: start.title,
      Producer: 'Rapport',
      Creator: 'Rapport',
      CreationDate: start.date,
      ModDate: start.date,
    },
    lang: start.language,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', fontFiles().body);
  doc.registerFont('bold', fontFiles().bold);
  return { doc, bytes };
}
