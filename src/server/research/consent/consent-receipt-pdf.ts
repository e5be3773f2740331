import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { ConsentKind } from '../../../core/research/consent-rules.ts';

// DejaVu Sans (dejavu-fonts-ttf, Bitstream Vera licence: free to embed and redistribute; see
// docs/research.md) is embedded, so names like "José Peña" print with their accents — the
// PDF standard fonts have no glyphs outside Latin-1 and no embedding.
const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
/** The two font files, read once per process on the first receipt (the demo makes 24). */
let fonts: { body: Buffer; bold: Buffer } | undefined;
const fontFiles = () => (fonts ??= { body: readFileSync(FONT), bold: readFileSync(FONT_BOLD) });

const WORDS = {
  en: {
    title: 'Consent receipt',
    study: 'Study',
    investigator: 'Principal investigator',
    ethics: 'Ethics approval',
    version: 'Consent version',
    language: 'Language',
    kind: { consent: 'Consent', 'guardian-consent': "Guardian's consent", assent: 'Assent' },
    decision: 'Decision',
    consented: 'Consented',
    declined: 'Declined',
    date: 'Date',
    typedName: 'Name typed',
    statements: 'Statements ticked',
    none: 'none',
    information: 'Information shown',
    hash: 'SHA-256 of the text shown',
  },
  es: {
    title: 'Justificante de consentimiento',
    study: 'Estudio',
    investigator: 'Investigador/a principal',
    ethics: 'Aprobación ética',
    version: 'Versión del consentimiento',
    language: 'Idioma',
    kind: {
      consent: 'Consentimiento',
      'guardian-consent': 'Consentimiento del tutor/a',
      assent: 'Asentimiento',
    },
    decision: 'Decisión',
    consented: 'Acepta participar',
    declined: 'No acepta participar',
    date: 'Fecha',
    typedName: 'Nombre escrito',
    statements: 'Declaraciones marcadas',
    none: 'ninguna',
    information: 'Información mostrada',
    hash: 'SHA-256 del texto mostrado',
  },
} as const;

export interface ReceiptContent {
  language: string;
  studyTitle: string;
  principalInvestigator: string;
  ethicsReference: string;
  version: number;
  kind: ConsentKind;
  decision: 'consented' | 'declined';
  /** ISO time of signing; the PDF's date, so the same consent always gives the same file. */
  signedAt: string;
  typedName: string;
  informationText: string;
  statements: readonly string[];
  tickedStatements: readonly number[];
  textSha256: string;
}

/** The PDF receipt of one consent decision, as bytes. */
export function renderConsentReceipt(content: ReceiptContent): Promise<Buffer> {
  const words = content.language.startsWith('es') ? WORDS.es : WORDS.en;
  const signed = new Date(content.signedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: {
      Title: `${words.title}: ${content.studyTitle}`,
      Producer: 'Rapport',
      Creator: 'Rapport',
      CreationDate: signed,
      ModDate: signed,
    },
    lang: content.language,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', fontFiles().body);
  doc.registerFont('bold', fontFiles().bold);

  doc.font('bold').fontSize(16).text(words.title);
  doc.moveDown(0.5);
  const line = (label: string, value: string) => {
    doc.font('bold').fontSize(10).text(`${label}: `, { continued: true });
    doc.font('body').text(value);
  };
  line(words.study, content.studyTitle);
  line(words.investigator, content.principalInvestigator);
  line(words.ethics, content.ethicsReference);
  line(words.version, String(content.version));
  line(words.language, content.language);
  line(words.kind[content.kind], words[content.decision]);
  line(words.date, `${content.signedAt.slice(0, 10)} ${content.signedAt.slice(11, 16)} UTC`);
  line(words.typedName, content.typedName);
  doc.moveDown(0.5);
  doc.font('bold').text(`${words.statements}:`);
  const ticked = new Set(content.tickedStatements);
  content.statements.forEach((statement, index) =>
    doc.font('body').text(`${ticked.has(index) ? '[x]' : '[ ]'} ${statement}`),
  );
  doc.moveDown(0.5);
  doc.font('bold').text(`${words.information}:`);
  // The Markdown as written: a receipt records the text, not a rendering of it.
  doc.font('body').fontSize(9).text(content.informationText);
  doc.moveDown(0.5);
  doc.font('bold').fontSize(8).text(`${words.hash}: `, { continued: true });
  doc.font('body').text(content.textSha256);
  doc.end();
  return done;
}
