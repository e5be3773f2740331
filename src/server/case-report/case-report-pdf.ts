import type { AllianceSeries, CaseViewResponse, OutcomeSeries } from '../../core/api/case-view.ts';
import { startPdf } from '../pdf/pdf-document.ts';
import {
  CASE_REPORT_WORDS,
  type CaseReportLanguage,
  type CaseReportWords,
} from './case-report-words.ts';

/** An alert as the report prints it: its explanation already in the printer's language. */
export interface ReportAlert {
  type: string;
  severity: 'info' | 'warning' | 'urgent';
  status: 'open' | 'acknowledged' | 'resolved';
  session: number;
  respondentIds: string[];
  explanation: string;
}

export interface CaseReportContent {
  language: CaseReportLanguage;
  /** What the case page shows (build-case-view.ts): the same series the page charts. */
  view: CaseViewResponse;
  alerts: ReportAlert[];
  printedBy: string;
  /** ISO instant: the PDF's date, so the same data always gives the same file. */
  printedAt: string;
}

const MARGIN = { top: 64, bottom: 64, left: 50, right: 50 };
/** Tableau 10, as the case page's charts. */
const PALETTE = ['#4e79a7', '#e15759', '#59a14f', '#b07aa1', '#f28e2c', '#76b7b2', '#9c755f'];
const THERAPIST_COLOR = '#555555';

/** Round tick values (steps of 1, 2 or 5 × a power of ten), at most seven of them. */
function axisTicks(min: number, max: number): number[] {
  const span = max - min || 1;
  const power = 10 ** Math.floor(Math.log10(span / 6));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => span / s <= 6) ?? span;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step)
    ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

/** "Alex Synthetic" → "A. S.": members appear by initials only. */
export function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => `${part[0]!.toUpperCase()}.`)
    .join(' ');
}

/**
 * The printable case report (issue 19, item 5) as PDF bytes: the case page's facts, sessions,
 * outcome and alliance charts (vector paths drawn from the page's own series), ruptures and
 * repairs and alerts with their explanations; "confidential", who printed it and when, and
 * the page number on every page. It is given no notes, so none can be printed.
 */
export function renderCaseReport(content: CaseReportContent): Promise<Buffer> {
  const words = CASE_REPORT_WORDS[content.language];
  const { view } = content;
  const { doc, bytes } = startPdf({
    title: `${words.title} ${view.case.reference}`,
    language: content.language,
    date: new Date(content.printedAt),
    margins: MARGIN,
    bufferPages: true,
  });
  const report = new ReportWriter(doc, words, content);
  report.facts();
  report.sessions();
  report.outcomes();
  report.alliance();
  report.ruptures();
  report.alerts();
  report.pageFrames();
  doc.end();
  return bytes;
}

class ReportWriter {
  private readonly width: number;
  private readonly locale: string;
  private readonly who: Map<string, string>;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly words: CaseReportWords,
    private readonly content: CaseReportContent,
  ) {
    this.width = doc.page.width - MARGIN.left - MARGIN.right;
    this.locale = content.language === 'es' ? 'es-ES' : 'en-GB';
    const { view } = content;
    // Members by initials (numbered when two share them), therapists by name.
    const seen = new Map<string, number>();
    this.who = new Map();
    for (const m of view.members) {
      const initials = initialsOf(m.displayName);
      const n = (seen.get(initials) ?? 0) + 1;
      seen.set(initials, n);
      this.who.set(m.clientId, n === 1 ? initials : `${initials} (${n})`);
    }
    for (const t of view.therapists) this.who.set(t.staffUserId, t.displayName);
  }

  private get view() {
    return this.content.view;
  }

  private name(id: string): string {
    return this.who.get(id) ?? '—';
  }

  private number(value: number, digits = 2): string {
    return new Intl.NumberFormat(this.locale, { maximumFractionDigits: digits }).format(value);
  }

  private dateTime(iso: string): string {
    return new Intl.DateTimeFormat(this.locale, {
      timeZone: this.view.case.timeZone,
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(new Date(iso));
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }

  /** A new page when less than `height` points are left on this one. */
  private room(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
    this.doc.x = MARGIN.left;
  }

  private heading(text: string, size = 13): void {
    // A heading never ends a page: it keeps room for what follows it.
    this.room(size * 4 + 60);
    this.doc.moveDown(0.6);
    this.doc.font('bold').fontSize(size).fillColor('black').text(text, MARGIN.left);
    this.doc.moveDown(0.3);
  }

  private paragraph(text: string, size = 9.5): void {
    this.room(size * 2);
    this.doc.font('body').fontSize(size).fillColor('black').text(text, MARGIN.left, this.doc.y, {
      width: this.width,
    });
  }

  private line(label: string, value: string): void {
    this.room(14);
    this.doc
      .font('bold')
      .fontSize(9.5)
      .fillColor('black')
      .text(`${label}: `, MARGIN.left, this.doc.y, {
        continued: true,
      });
    this.doc.font('body').text(value);
  }

  /** A simple table: columns as fractions of the width; the header repeats on a new page. */
  private table(headers: string[], fractions: number[], rows: string[][]): void {
    const widths = fractions.map((f) => f * this.width);
    const drawRow = (cells: string[], bold: boolean) => {
      this.doc
        .font(bold ? 'bold' : 'body')
        .fontSize(8.5)
        .fillColor('black');
      const height =
        Math.max(...cells.map((c, i) => this.doc.heightOfString(c, { width: widths[i]! - 6 }))) + 5;
      if (this.doc.y + height > this.bottom) {
        this.doc.addPage();
        if (!bold) drawRow(headers, true);
        this.doc.font(bold ? 'bold' : 'body').fontSize(8.5);
      }
      const y = this.doc.y;
      let x = MARGIN.left;
      cells.forEach((cell, i) => {
        this.doc.text(cell, x + 3, y + 2.5, { width: widths[i]! - 6 });
        x += widths[i]!;
      });
      this.doc.y = y + height;
      this.doc
        .moveTo(MARGIN.left, this.doc.y)
        .lineTo(MARGIN.left + this.width, this.doc.y)
        .lineWidth(bold ? 0.8 : 0.4)
        .strokeColor(bold ? '#444444' : '#cccccc')
        .stroke();
    };
    this.room(40);
    drawRow(headers, true);
    for (const row of rows) drawRow(row, false);
    this.doc.x = MARGIN.left;
    this.doc.moveDown(0.5);
  }

  facts(): void {
    const { words, view } = this;
    this.doc
      .font('bold')
      .fontSize(18)
      .fillColor('black')
      .text(`${words.title}: ${view.case.reference}`);
    this.doc.moveDown(0.4);
    const f = words.facts;
    this.line(f.type, words.caseType[view.case.type] ?? view.case.type);
    this.line(f.status, words.caseStatus[view.case.status] ?? view.case.status);
    this.line(f.clinic, `${view.case.clinicName} (${view.case.timeZone})`);
    this.line(f.opened, this.dateTime(view.case.openedAt));
    if (view.case.closedAt) this.line(f.closed, this.dateTime(view.case.closedAt));
    if (view.case.presentingConcerns.length > 0)
      this.line(f.concerns, view.case.presentingConcerns.join(', '));
    this.line(
      f.members,
      view.members
        .map((m) => `${this.name(m.clientId)} (${words.relationship(m.relationship)})`)
        .join(', '),
    );
    this.line(
      f.therapists,
      view.therapists
        .map((t) =>
          t.isPrimary && view.therapists.length > 1
            ? `${t.displayName} (${f.primary})`
            : t.displayName,
        )
        .join(', '),
    );
  }

  sessions(): void {
    const s = this.words.sessions;
    this.heading(s.heading);
    const sessions = this.view.sessions;
    if (sessions.length === 0) return this.paragraph(s.none);
    const counts: Record<string, number> = {};
    for (const session of sessions)
      counts[session.attendance] = (counts[session.attendance] ?? 0) + 1;
    this.paragraph(s.summary(counts, sessions.length));
    this.doc.moveDown(0.4);
    this.table(
      [
        s.number,
        s.when(this.view.case.timeZone),
        s.attendance,
        s.modality,
        s.language,
        s.interpreter,
      ],
      [0.08, 0.34, 0.18, 0.16, 0.11, 0.13],
      sessions.map((session) => [
        String(session.number),
        this.dateTime(session.startsAt),
        this.words.attendance[session.attendance] ?? session.attendance,
        this.words.modality[session.modality] ?? session.modality,
        session.language,
        session.interpreterName ? s.yes : s.no,
      ]),
    );
  }

  outcomes(): void {
    const o = this.words.outcomes;
    this.heading(o.heading);
    if (this.view.outcomes.length === 0) return this.paragraph(o.none);
    const byInstrument = new Map<string, OutcomeSeries[]>();
    for (const series of this.view.outcomes)
      byInstrument.set(series.instrumentId, [
        ...(byInstrument.get(series.instrumentId) ?? []),
        series,
      ]);
    for (const group of byInstrument.values()) {
      const first = group[0]!;
      this.heading(first.instrumentTitle, 11);
      this.chart({
        yMin: first.range.min,
        yMax: first.range.max,
        lines: group.map((series, i) => ({
          label: this.name(series.respondentId),
          color: PALETTE[i % PALETTE.length]!,
          dashed: false,
          points: series.points.map((p) => ({
            x: p.sessionNumber,
            y: p.value,
            marker: p.reliableChange?.direction,
          })),
        })),
        rules: first.cutOffs.map((c) => ({
          y: c.value,
          label: `${c.operator} ${this.number(c.value)}`,
        })),
      });
      for (const c of first.cutOffs)
        this.paragraph(o.cutOff(c.operator, this.number(c.value), c.description), 8.5);
      const criteria = first.changeCriteria;
      this.paragraph(
        criteria?.method === 'published-threshold' && criteria.minimumChange !== null
          ? o.reliableThreshold(this.number(criteria.minimumChange))
          : criteria?.sd != null && criteria.reliability != null
            ? o.reliableChange(this.number(criteria.sd), this.number(criteria.reliability))
            : o.noReliableChange,
        8.5,
      );
      for (const series of group)
        if (series.change)
          this.paragraph(
            o.category(
              this.name(series.respondentId),
              o.categories[series.change.category],
              this.number(series.change.first),
              this.number(series.change.latest),
            ),
            8.5,
          );
      this.doc.moveDown(0.3);
      this.table(
        [o.session, o.member, o.score, o.band, o.change],
        [0.12, 0.2, 0.14, 0.24, 0.3],
        group.flatMap((series) =>
          series.points.map((p) => [
            String(p.sessionNumber),
            this.name(series.respondentId),
            this.number(p.value),
            p.band ?? '—',
            p.reliableChange
              ? p.reliableChange.rc === null
                ? o[p.reliableChange.direction]
                : `${o[p.reliableChange.direction]} (RC ${this.number(p.reliableChange.rc)})`
              : '—',
          ]),
        ),
      );
    }
  }

  alliance(): void {
    const a = this.words.alliance;
    this.heading(a.heading);
    const totals = this.view.alliance.filter((s) => s.scale === 'total');
    const clientTotals = totals.filter((s) => s.side === 'client');
    const therapistTotals = totals.filter((s) => s.side === 'therapist');
    if (totals.length === 0) return this.paragraph(a.none);
    this.paragraph(a.intro);
    const mean = (p: AllianceSeries['points'][number]) => p.itemMean ?? p.value;
    const groups: { title: string; client: AllianceSeries | undefined }[] =
      clientTotals.length > 0
        ? clientTotals.map((c) => ({ title: a.chartTitle(this.name(c.respondentId)), client: c }))
        : [{ title: a.heading, client: undefined }];
    for (const group of groups) {
      this.heading(group.title, 11);
      const client = group.client;
      this.chart({
        yMin: 1,
        yMax: 5,
        lines: [
          ...(client
            ? [
                {
                  label: this.name(client.respondentId),
                  color: PALETTE[0]!,
                  dashed: false,
                  points: client.points.map((p) => ({ x: p.sessionNumber, y: mean(p) })),
                },
              ]
            : []),
          ...therapistTotals.map((t) => ({
            label: a.therapistLine(this.name(t.respondentId)),
            color: THERAPIST_COLOR,
            dashed: true,
            points: t.points.map((p) => ({ x: p.sessionNumber, y: mean(p) })),
          })),
        ],
        rules: [],
        onsets: this.view.ruptures
          .filter((r) => client && r.respondentId === client.respondentId)
          .map((r) => ({ x: r.onsetSession, repaired: r.status === 'repaired' })),
      });
      const subscales = client
        ? this.view.alliance.filter(
            (s) =>
              s.side === 'client' &&
              s.respondentId === client.respondentId &&
              s.instrumentId === client.instrumentId,
          )
        : [];
      const sessions = [
        ...new Set([
          ...subscales.flatMap((s) => s.points.map((p) => p.sessionNumber)),
          ...therapistTotals.flatMap((s) => s.points.map((p) => p.sessionNumber)),
        ]),
      ].sort((x, y) => x - y);
      const valueAt = (series: AllianceSeries | undefined, session: number) => {
        const point = series?.points.find((p) => p.sessionNumber === session);
        return point ? this.number(mean(point)) : '—';
      };
      const scales = (['total', 'goal', 'task', 'bond'] as const).map((scale) =>
        subscales.find((s) => s.scale === scale),
      );
      this.table(
        [
          a.session,
          ...(client
            ? [`${a.client}: ${a.scale.total}`, a.scale.goal, a.scale.task, a.scale.bond]
            : []),
          a.therapist,
        ],
        client ? [0.12, 0.2, 0.14, 0.14, 0.14, 0.26] : [0.3, 0.7],
        sessions.map((session) => [
          String(session),
          ...(client ? scales.map((s) => valueAt(s, session)) : []),
          therapistTotals.map((t) => valueAt(t, session)).join(' / ') || '—',
        ]),
      );
    }
  }

  ruptures(): void {
    const r = this.words.ruptures;
    this.heading(r.heading);
    const { ruptures, ruptureEvents } = this.view;
    if (ruptures.length === 0 && ruptureEvents.length === 0) return this.paragraph(r.none);
    for (const rupture of ruptures)
      this.paragraph(
        `• ${r.rupture(
          rupture.onsetSession,
          this.name(rupture.respondentId),
          this.words.alliance.scale[rupture.scale],
          r.kind[rupture.kind] ?? rupture.kind,
          r.status(rupture.status, rupture.repairedAtSession),
        )}`,
      );
    if (ruptureEvents.length === 0) return;
    this.heading(r.eventsHeading, 10.5);
    for (const event of ruptureEvents) {
      const markers = event.markers.map((m) => r.marker[m] ?? m).join(', ') || r.noMarkers;
      this.paragraph(
        `• ${r.event(event.sessionNumber, r.outcome[event.outcome] ?? event.outcome, markers)}`,
      );
      // The therapist's "what happened", as the case page shows it: clinical text of the
      // repair, not a private reflection or a supervision note (those are never given here).
      if (event.description) this.paragraph(`   ${event.description}`, 9);
    }
  }

  alerts(): void {
    const a = this.words.alerts;
    this.heading(a.heading);
    const open = this.content.alerts.filter((alert) => alert.status !== 'resolved');
    const resolved = this.content.alerts.filter((alert) => alert.status === 'resolved');
    for (const [title, list] of [
      [a.open, open],
      [a.resolved, resolved],
    ] as const) {
      this.heading(title, 10.5);
      if (list.length === 0) this.paragraph(a.none);
      for (const alert of list) {
        this.room(40);
        this.doc
          .font('bold')
          .fontSize(9.5)
          .fillColor(alert.severity === 'urgent' ? '#b00020' : 'black');
        this.doc.text(
          a.line(
            a.type(alert.type),
            a.severity[alert.severity] ?? alert.severity,
            alert.session,
            a.status[alert.status] ?? alert.status,
            alert.respondentIds.map((id) => this.name(id)).join(', '),
          ),
          MARGIN.left,
          this.doc.y,
          { width: this.width },
        );
        this.paragraph(alert.explanation, 9);
        this.doc.moveDown(0.3);
      }
    }
  }

  /**
   * A line chart in vector paths (pdfkit's moveTo/lineTo), as the case page draws it: one line
   * per respondent, dashed for the therapist, dashed rules for cut-offs, a triangle for
   * reliable improvement and a cross for reliable deterioration.
   */
  private chart(spec: {
    yMin: number;
    yMax: number;
    lines: {
      label: string;
      color: string;
      dashed: boolean;
      points: { x: number; y: number; marker?: 'improved' | 'deteriorated' | undefined }[];
    }[];
    rules: { y: number; label: string }[];
    /** Rupture onsets: red for open or unresolved, green dotted for a repaired one. */
    onsets?: { x: number; repaired: boolean }[];
  }): void {
    const doc = this.doc;
    const height = 130;
    this.room(height + 60);
    const left = MARGIN.left + 30;
    const right = MARGIN.left + this.width - 40;
    const top = doc.y + 6;
    const bottom = top + height;
    const sessions = spec.lines.flatMap((l) => l.points.map((p) => p.x));
    const xMax = Math.max(2, ...sessions);
    const xMin = Math.min(1, ...sessions);
    const sx = (x: number) => left + ((x - xMin) / (xMax - xMin)) * (right - left);
    const sy = (y: number) => bottom - ((y - spec.yMin) / (spec.yMax - spec.yMin || 1)) * height;

    doc.lineWidth(0.4).strokeColor('#dddddd');
    doc.font('body').fontSize(7).fillColor('#444444');
    for (const value of axisTicks(spec.yMin, spec.yMax)) {
      doc.moveTo(left, sy(value)).lineTo(right, sy(value)).stroke();
      doc.text(this.number(value, 1), MARGIN.left, sy(value) - 3.5, {
        width: 26,
        align: 'right',
        lineBreak: false,
      });
    }
    const step = Math.max(1, Math.ceil((xMax - xMin + 1) / 12));
    for (let x = xMin; x <= xMax; x += step)
      doc.text(String(x), sx(x) - 10, bottom + 3, { width: 20, align: 'center', lineBreak: false });
    doc.text(this.words.alliance.session, left, bottom + 13, {
      width: right - left,
      align: 'center',
      lineBreak: false,
    });
    doc.lineWidth(0.8).strokeColor('#444444');
    doc.moveTo(left, top).lineTo(left, bottom).lineTo(right, bottom).stroke();

    for (const rule of spec.rules) {
      doc.lineWidth(0.8).strokeColor('#b00020').dash(4, { space: 3 });
      doc.moveTo(left, sy(rule.y)).lineTo(right, sy(rule.y)).stroke();
      doc.undash();
      doc.fillColor('#b00020').text(rule.label, right + 3, sy(rule.y) - 3.5, {
        width: 40,
        lineBreak: false,
      });
    }

    for (const onset of spec.onsets ?? []) {
      doc.lineWidth(1.2).strokeColor(onset.repaired ? '#2e7d32' : '#b00020');
      if (onset.repaired) doc.dash(2, { space: 2 });
      doc.moveTo(sx(onset.x), top).lineTo(sx(onset.x), bottom).stroke();
      doc.undash();
    }

    for (const line of spec.lines) {
      if (line.points.length === 0) continue;
      doc.lineWidth(1.4).strokeColor(line.color);
      if (line.dashed) doc.dash(5, { space: 3 });
      line.points.forEach((p, i) =>
        i === 0 ? doc.moveTo(sx(p.x), sy(p.y)) : doc.lineTo(sx(p.x), sy(p.y)),
      );
      if (line.points.length > 1) doc.stroke();
      doc.undash();
      for (const p of line.points) {
        const [x, y] = [sx(p.x), sy(p.y)];
        if (p.marker === 'improved')
          doc
            .polygon([x, y - 5], [x - 4.5, y + 3.5], [x + 4.5, y + 3.5])
            .fillColor('#2e7d32')
            .fill();
        else if (p.marker === 'deteriorated') {
          doc.lineWidth(1.6).strokeColor('#b00020');
          doc
            .moveTo(x - 4, y - 4)
            .lineTo(x + 4, y + 4)
            .moveTo(x - 4, y + 4)
            .lineTo(x + 4, y - 4)
            .stroke();
        } else doc.circle(x, y, 2.2).fillColor(line.color).fill();
      }
    }

    // The legend: a swatch of each line and its label.
    let x = left;
    const legendY = bottom + 26;
    doc.font('body').fontSize(8);
    for (const line of spec.lines) {
      const labelWidth = doc.widthOfString(line.label);
      if (x + labelWidth + 30 > right + 40) break;
      doc.lineWidth(1.4).strokeColor(line.color);
      if (line.dashed) doc.dash(3, { space: 2 });
      doc
        .moveTo(x, legendY + 4)
        .lineTo(x + 16, legendY + 4)
        .stroke();
      doc.undash();
      doc.fillColor('black').text(line.label, x + 20, legendY, { lineBreak: false });
      x += labelWidth + 36;
    }
    doc.fillColor('black');
    doc.x = MARGIN.left;
    doc.y = legendY + 16;
  }

  /** "Confidential" and the case at the top, who printed it, when, and "page i of n" below. */
  pageFrames(): void {
    const doc = this.doc;
    const { start, count } = doc.bufferedPageRange();
    const printed = this.words.printed(
      this.content.printedBy,
      `${this.dateTime(this.content.printedAt)} (${this.view.case.timeZone})`,
    );
    for (let i = start; i < start + count; i++) {
      doc.switchToPage(i);
      // Writing in the margins must not start a new page.
      const margins = { ...doc.page.margins };
      doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
      doc.font('bold').fontSize(8.5).fillColor('#b00020');
      doc.text(this.words.confidential, MARGIN.left, 30, {
        width: this.width / 2,
        lineBreak: false,
      });
      doc.font('body').fillColor('#444444');
      doc.text(
        `${this.words.title}: ${this.view.case.reference}`,
        MARGIN.left + this.width / 2,
        30,
        {
          width: this.width / 2,
          align: 'right',
          lineBreak: false,
        },
      );
      const footerY = doc.page.height - 42;
      doc.text(printed, MARGIN.left, footerY, { width: this.width * 0.75, lineBreak: false });
      doc.text(this.words.page(i - start + 1, count), MARGIN.left + this.width * 0.75, footerY, {
        width: this.width * 0.25,
        align: 'right',
        lineBreak: false,
      });
      doc.page.margins = margins;
    }
  }
}
