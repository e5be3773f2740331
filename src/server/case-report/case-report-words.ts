import type { OutcomeCategoryName } from '../../core/api/case-view.ts';
/**
 * The printed case report's words, in the printer's language (English and Spanish, as the
 * staff app). The Spanish follows the staff app's own (src/web/i18n/es.ts) where the same
 * thing is named there. Instrument titles and alert explanations come from their own
 * catalogues, never from here.
 */
export const CASE_REPORT_LANGUAGES = ['en', 'es'] as const;
export type CaseReportLanguage = (typeof CASE_REPORT_LANGUAGES)[number];

export interface CaseReportWords {
  title: string;
  confidential: string;
  printed: (who: string, when: string) => string;
  page: (page: number, pages: number) => string;
  facts: {
    reference: string;
    type: string;
    status: string;
    clinic: string;
    opened: string;
    closed: string;
    concerns: string;
    members: string;
    therapists: string;
    primary: string;
  };
  caseType: Record<string, string>;
  caseStatus: Record<string, string>;
  relationship: (relationship: string) => string;
  sessions: {
    heading: string;
    none: string;
    summary: (counts: Record<string, number>, total: number) => string;
    number: string;
    when: (zone: string) => string;
    attendance: string;
    modality: string;
    language: string;
    interpreter: string;
    yes: string;
    no: string;
  };
  attendance: Record<string, string>;
  modality: Record<string, string>;
  outcomes: {
    heading: string;
    none: string;
    cutOff: (operator: string, value: string, description: string) => string;
    noReliableChange: string;
    reliableChange: (sd: string, reliability: string) => string;
    reliableThreshold: (points: string) => string;
    category: (member: string, category: string, first: string, latest: string) => string;
    categories: Record<OutcomeCategoryName, string>;
    session: string;
    member: string;
    score: string;
    band: string;
    change: string;
    improved: string;
    deteriorated: string;
  };
  alliance: {
    heading: string;
    intro: string;
    none: string;
    chartTitle: (member: string) => string;
    therapistLine: (name: string) => string;
    session: string;
    client: string;
    therapist: string;
    scale: Record<'total' | 'goal' | 'task' | 'bond', string>;
  };
  ruptures: {
    heading: string;
    none: string;
    rupture: (session: number, who: string, scale: string, kind: string, status: string) => string;
    kind: Record<string, string>;
    status: (status: string, repairedAt: number | null) => string;
    eventsHeading: string;
    event: (session: number, outcome: string, markers: string) => string;
    noMarkers: string;
    outcome: Record<string, string>;
    marker: Record<string, string>;
  };
  alerts: {
    heading: string;
    open: string;
    resolved: string;
    none: string;
    line: (type: string, severity: string, session: number, status: string, who: string) => string;
    type: (type: string) => string;
    severity: Record<string, string>;
    status: Record<string, string>;
  };
  therapistSide: string;
}

const orSelf = (map: Record<string, string>) => (key: string) => map[key] ?? key;

const en: CaseReportWords = {
  title: 'Case report',
  confidential: 'CONFIDENTIAL — clinical information',
  printed: (who, when) => `Printed by ${who} on ${when}`,
  page: (page, pages) => `Page ${page} of ${pages}`,
  facts: {
    reference: 'Case',
    type: 'Case type',
    status: 'Status',
    clinic: 'Clinic',
    opened: 'Opened',
    closed: 'Closed',
    concerns: 'Presenting concerns',
    members: 'Members (initials)',
    therapists: 'Therapists',
    primary: 'primary',
  },
  caseType: { individual: 'Individual', couple: 'Couple', family: 'Family' },
  caseStatus: { active: 'Active', paused: 'Paused', closed: 'Closed' },
  relationship: orSelf({
    self: 'client',
    client: 'client',
    partner: 'partner',
    parent: 'parent',
    child: 'child',
    sibling: 'sibling',
    'family-member': 'family member',
    other: 'other',
  }),
  sessions: {
    heading: 'Sessions and attendance',
    none: 'No sessions yet.',
    summary: (c, total) =>
      `${total} sessions: ${c.attended ?? 0} attended, ${c.cancelled ?? 0} cancelled, ${c['no-show'] ?? 0} missed (no-show), ${c.scheduled ?? 0} scheduled.`,
    number: 'No.',
    when: (zone) => `Date and time (${zone})`,
    attendance: 'Attendance',
    modality: 'Modality',
    language: 'Language',
    interpreter: 'Interpreter',
    yes: 'yes',
    no: 'no',
  },
  attendance: {
    scheduled: 'Scheduled',
    attended: 'Attended',
    cancelled: 'Cancelled',
    'no-show': 'No-show',
  },
  modality: { 'in-person': 'In person', video: 'Video', phone: 'Phone' },
  outcomes: {
    heading: 'Outcomes',
    none: 'No outcome scores yet.',
    cutOff: (operator, value, description) => `Cut-off ${operator} ${value}: ${description}`,
    noReliableChange:
      'This instrument gives no reliable-change parameters, so no change is marked as reliable.',
    reliableChange: (sd, reliability) =>
      `Reliable change against the first score (Jacobson–Truax, SD ${sd}, reliability ${reliability}, |RC| > 1.96).`,
    reliableThreshold: (points) =>
      `A change of ${points} points or more against the first score is reliable (the instrument's published criterion).`,
    category: (member, category, first, latest) =>
      `${member}: ${category} (first score ${first}, latest ${latest}).`,
    categories: {
      'reliable-recovery': 'reliable recovery',
      recovered: 'recovered',
      improved: 'reliably improved',
      unchanged: 'no reliable change',
      deteriorated: 'reliably deteriorated',
    },
    session: 'Session',
    member: 'Member',
    score: 'Score',
    band: 'Band',
    change: 'Reliable change',
    improved: 'reliably improved',
    deteriorated: 'reliably deteriorated',
  },
  alliance: {
    heading: 'Alliance',
    intro:
      "Working alliance after each session as the mean item score (1–5), for each client member (solid line) with the therapist's rating of the same sessions (dashed line). A red vertical line marks the onset of an open or unresolved rupture, a green dotted one a rupture that was repaired.",
    none: 'No alliance scores yet.',
    chartTitle: (member) => `Alliance of ${member}`,
    therapistLine: (name) => `${name} (therapist)`,
    session: 'Session',
    client: 'Client',
    therapist: 'Therapist',
    scale: { total: 'Total', goal: 'Goals', task: 'Tasks', bond: 'Bond' },
  },
  ruptures: {
    heading: 'Ruptures and repairs',
    none: 'No ruptures found or recorded.',
    rupture: (session, who, scale, kind, status) =>
      `Session ${session} · ${who} · ${scale} · ${kind}: ${status}`,
    kind: { 'score-drop': 'score drop', 'self-reported': 'tension reported by the client' },
    status: (status, at) =>
      status === 'repaired'
        ? `repaired${at === null ? '' : ` at session ${at}`}`
        : status === 'unresolved'
          ? 'not repaired within the repair window (unresolved)'
          : 'open',
    eventsHeading: 'Repair work recorded by the therapist',
    event: (session, outcome, markers) => `Session ${session} · ${outcome} · ${markers}`,
    noMarkers: 'type not recorded',
    outcome: { resolved: 'resolved', partly: 'partly resolved', unresolved: 'unresolved' },
    marker: { withdrawal: 'withdrawal', confrontation: 'confrontation' },
  },
  alerts: {
    heading: 'Alerts',
    open: 'Open alerts',
    resolved: 'Resolved alerts',
    none: 'None.',
    line: (type, severity, session, status, who) =>
      `${type} · ${severity} · session ${session} · ${status}${who ? ` · ${who}` : ''}`,
    type: orSelf({
      rupture: 'Alliance rupture',
      'self-reported-rupture': 'Tension reported by the client',
      disengagement: 'Missed sessions after a rupture',
      'client-therapist-discrepancy': 'Client and therapist see it differently',
      'split-alliance': 'Split alliance',
      'early-checkpoint': 'Early alliance checkpoint',
      'risk-item': 'Risk answer',
      'not-on-track': 'Not on track',
      'reliable-change': 'Reliable change',
    }),
    severity: { urgent: 'Urgent', warning: 'Warning', info: 'For information' },
    status: { open: 'open', acknowledged: 'acknowledged', resolved: 'resolved' },
  },
  therapistSide: 'therapist',
};

const es: CaseReportWords = {
  title: 'Informe del caso',
  confidential: 'CONFIDENCIAL — información clínica',
  printed: (who, when) => `Impreso por ${who} el ${when}`,
  page: (page, pages) => `Página ${page} de ${pages}`,
  facts: {
    reference: 'Caso',
    type: 'Tipo de caso',
    status: 'Estado',
    clinic: 'Centro',
    opened: 'Apertura',
    closed: 'Cierre',
    concerns: 'Motivos de consulta',
    members: 'Clientes (iniciales)',
    therapists: 'Terapeutas',
    primary: 'principal',
  },
  caseType: { individual: 'Individual', couple: 'Pareja', family: 'Familia' },
  caseStatus: { active: 'Activo', paused: 'En pausa', closed: 'Cerrado' },
  relationship: orSelf({
    self: 'cliente',
    client: 'cliente',
    partner: 'pareja',
    parent: 'progenitor/a',
    child: 'hijo/a',
    sibling: 'hermano/a',
    'family-member': 'familiar',
    other: 'otra relación',
  }),
  sessions: {
    heading: 'Sesiones y asistencia',
    none: 'Aún no hay sesiones.',
    summary: (c, total) =>
      `${total} sesiones: ${c.attended ?? 0} asistidas, ${c.cancelled ?? 0} canceladas, ${c['no-show'] ?? 0} sin asistencia, ${c.scheduled ?? 0} programadas.`,
    number: 'N.º',
    when: (zone) => `Fecha y hora (${zone})`,
    attendance: 'Asistencia',
    modality: 'Modalidad',
    language: 'Idioma',
    interpreter: 'Intérprete',
    yes: 'sí',
    no: 'no',
  },
  attendance: {
    scheduled: 'Programada',
    attended: 'Asistida',
    cancelled: 'Cancelada',
    'no-show': 'No asistió',
  },
  modality: { 'in-person': 'Presencial', video: 'Vídeo', phone: 'Teléfono' },
  outcomes: {
    heading: 'Resultados',
    none: 'Aún no hay puntuaciones de resultado.',
    cutOff: (operator, value, description) => `Punto de corte ${operator} ${value}: ${description}`,
    noReliableChange:
      'Este instrumento no da parámetros de cambio fiable, así que no se marca ningún cambio.',
    reliableChange: (sd, reliability) =>
      `Cambio fiable respecto a la primera puntuación (Jacobson y Truax, DT ${sd}, fiabilidad ${reliability}, |RC| > 1,96).`,
    reliableThreshold: (points) =>
      `Un cambio de ${points} puntos o más respecto a la primera puntuación es fiable (el criterio publicado del instrumento).`,
    category: (member, category, first, latest) =>
      `${member}: ${category} (primera puntuación ${first}, última ${latest}).`,
    categories: {
      'reliable-recovery': 'recuperación fiable',
      recovered: 'recuperación',
      improved: 'mejora fiable',
      unchanged: 'sin cambio fiable',
      deteriorated: 'empeoramiento fiable',
    },
    session: 'Sesión',
    member: 'Cliente',
    score: 'Puntuación',
    band: 'Rango',
    change: 'Cambio fiable',
    improved: 'mejora fiable',
    deteriorated: 'empeoramiento fiable',
  },
  alliance: {
    heading: 'Alianza',
    intro:
      'Alianza de trabajo tras cada sesión como puntuación media por ítem (1–5), para cada cliente (línea continua) con la valoración del terapeuta de las mismas sesiones (línea discontinua). Una línea vertical roja marca el inicio de una ruptura abierta o no resuelta; una verde punteada, una ruptura reparada.',
    none: 'Aún no hay puntuaciones de alianza.',
    chartTitle: (member) => `Alianza de ${member}`,
    therapistLine: (name) => `${name} (terapeuta)`,
    session: 'Sesión',
    client: 'Cliente',
    therapist: 'Terapeuta',
    scale: { total: 'Total', goal: 'Objetivos', task: 'Tareas', bond: 'Vínculo' },
  },
  ruptures: {
    heading: 'Rupturas y reparaciones',
    none: 'No se han detectado ni registrado rupturas.',
    rupture: (session, who, scale, kind, status) =>
      `Sesión ${session} · ${who} · ${scale} · ${kind}: ${status}`,
    kind: { 'score-drop': 'bajada de puntuación', 'self-reported': 'tensión comunicada' },
    status: (status, at) =>
      status === 'repaired'
        ? `reparada${at === null ? '' : ` en la sesión ${at}`}`
        : status === 'unresolved'
          ? 'no se reparó dentro del intervalo de reparación (no resuelta)'
          : 'abierta',
    eventsHeading: 'Trabajo de reparación registrado por el terapeuta',
    event: (session, outcome, markers) => `Sesión ${session} · ${outcome} · ${markers}`,
    noMarkers: 'tipo no registrado',
    outcome: { resolved: 'resuelta', partly: 'resuelta en parte', unresolved: 'no resuelta' },
    marker: { withdrawal: 'retirada', confrontation: 'confrontación' },
  },
  alerts: {
    heading: 'Alertas',
    open: 'Alertas abiertas',
    resolved: 'Alertas resueltas',
    none: 'Ninguna.',
    line: (type, severity, session, status, who) =>
      `${type} · ${severity} · sesión ${session} · ${status}${who ? ` · ${who}` : ''}`,
    type: orSelf({
      rupture: 'Ruptura de la alianza',
      'self-reported-rupture': 'Tensión señalada por el cliente',
      disengagement: 'Sesiones perdidas tras una ruptura',
      'client-therapist-discrepancy': 'Cliente y terapeuta lo ven distinto',
      'split-alliance': 'Alianza dividida',
      'early-checkpoint': 'Control temprano de la alianza',
      'risk-item': 'Respuesta de riesgo',
      'not-on-track': 'Fuera de la trayectoria esperada',
      'reliable-change': 'Cambio fiable',
    }),
    severity: { urgent: 'Urgente', warning: 'Aviso', info: 'Información' },
    status: { open: 'abierta', acknowledged: 'vista', resolved: 'resuelta' },
  },
  therapistSide: 'terapeuta',
};

export const CASE_REPORT_WORDS: Record<CaseReportLanguage, CaseReportWords> = { en, es };
