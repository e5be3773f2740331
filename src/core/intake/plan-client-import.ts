import type { z } from 'zod';
import { caseMemberInputSchema } from '../api/cases.ts';
import { clientFields } from '../api/clients.ts';
import type { ImportColumn, ImportProblem, ImportRow } from './client-import-csv.ts';
import {
  type ClinicCaseType,
  type MemberRelation,
  ageOn,
  caseMemberCounts,
  isCalendarDate,
  memberRelations,
} from './intake-lists.ts';

/** What the rows are checked against: the clinic's own lists and therapists, and today. */
export interface ImportClinicContext {
  caseTypes: readonly ClinicCaseType[];
  presentingConcerns: readonly string[];
  /** The clinic's active therapists; e-mail addresses in lower case. */
  therapists: readonly { email: string; staffUserId: string }[];
  /** YYYY-MM-DD (UTC), for "not in the future". */
  today: string;
}

/** One person of the file (listed once per case they are a member of). */
export interface ImportPerson {
  /** Name (ignoring case) and date of birth or birth year: how a person is recognised. */
  key: string;
  /** The first line that lists them. */
  line: number;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  dateOfBirth: string | null;
  birthYear: number | null;
  email: string | null;
  mobile: string | null;
  preferredLanguage: string;
}

export interface ImportCaseMember {
  personKey: string;
  line: number;
  relation: MemberRelation;
  guardianName: string | null;
  guardianContact: string | null;
}

export interface ImportCase {
  /** The file's own key grouping its rows into this case. */
  key: string;
  /** Its first line. */
  line: number;
  caseType: ClinicCaseType;
  presentingConcerns: string[];
  /** The first is the primary therapist. */
  therapistIds: string[];
  startDate: string;
  members: ImportCaseMember[];
}

export interface ClientImportPlan {
  people: ImportPerson[];
  cases: ImportCase[];
}

export type ClientImportPlanResult =
  { ok: true; plan: ClientImportPlan } | { ok: false; problems: ImportProblem[] };

/**
 * Spreadsheets run a cell that starts with one of these as a formula (CSV injection, OWASP):
 * such cells are refused rather than stored, since what is stored comes back out in exports.
 * A phone number's leading + (mobile, guardian contact) is the international prefix: a cell of
 * only that, digits, spaces, parentheses and hyphens cannot call anything.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PHONE_NUMBER = /^\+[0-9 ()-]*$/;

const caseColumns = ['case_type', 'presenting_concerns', 'therapist_email', 'start_date'] as const;
const personColumns = ['preferred_name', 'email', 'mobile', 'preferred_language'] as const;

const firstMessage = (error: z.ZodError) => error.issues[0]?.message ?? 'is not valid';

/**
 * Checks every row of a client import against the rules of the intake pages (names, dates of
 * birth, languages, relations, the clinic's case types and concerns, its therapists by e-mail,
 * a guardian for a member under 18 on the start date, the number of members a case type has)
 * and groups the rows into people and cases. Lists every problem, or none and the plan.
 */
export function planClientImport(
  rows: readonly ImportRow[],
  context: ImportClinicContext,
): ClientImportPlanResult {
  const problems: ImportProblem[] = [];
  const problem = (line: number, field: ImportColumn | '', reason: string) =>
    problems.push({ line, field, reason });
  const people = new Map<string, { person: ImportPerson; cells: ImportRow['cells'] }>();
  const cases = new Map<
    string,
    { line: number; cells: ImportRow['cells']; members: ImportCaseMember[]; bad: boolean }
  >();
  const currentYear = Number(context.today.slice(0, 4));

  for (const { line, cells } of rows) {
    const before = problems.length;
    for (const [column, value] of Object.entries(cells) as [ImportColumn, string][]) {
      const text = value.trimStart();
      if (FORMULA_START.test(text) && !PHONE_NUMBER.test(text))
        problem(
          line,
          column,
          'starts with =, +, - or @, which a spreadsheet would run as a formula',
        );
    }
    if (problems.length > before) {
      markCase(cases, cells.case_key, line, cells);
      continue;
    }

    const parse = <T>(column: ImportColumn, schema: z.ZodType<T>): T | undefined => {
      const result = schema.safeParse(cells[column]);
      if (result.success) return result.data;
      problem(line, column, firstMessage(result.error));
      return undefined;
    };
    const optional = <T>(column: ImportColumn, schema: z.ZodType<T>): T | null | undefined =>
      cells[column].trim() === '' ? null : parse(column, schema);

    const caseKey = cells.case_key.trim();
    if (!caseKey) problem(line, 'case_key', 'must not be empty');
    else if (caseKey.length > 80) problem(line, 'case_key', 'is too long');
    const givenName = parse('given_name', clientFields.givenName);
    const familyName = parse('family_name', clientFields.familyName);
    const preferredName = optional('preferred_name', clientFields.preferredName);
    const birth = parseBirth(cells.date_of_birth.trim(), context.today, currentYear);
    if ('reason' in birth) problem(line, 'date_of_birth', birth.reason);
    const preferredLanguage = parse('preferred_language', clientFields.preferredLanguage);
    const email = optional('email', clientFields.email);
    const mobile = optional('mobile', clientFields.mobile);
    const relation = cells.relation.trim().toLowerCase();
    if (!(memberRelations as readonly string[]).includes(relation))
      problem(line, 'relation', `must be one of ${memberRelations.join(', ')}`);
    const guardianName = optional('guardian_name', guardianText);
    const guardianContact = optional('guardian_contact', guardianText);

    // The case's own columns: on its first row, and on later rows only the same again.
    const known = caseKey ? cases.get(caseKey) : undefined;
    if (known)
      for (const column of caseColumns)
        if (cells[column].trim() !== '' && cells[column].trim() !== known.cells[column].trim())
          problem(line, column, `differs from line ${known.line}, the first row of this case`);
    const caseCells = known?.cells ?? cells;
    if (!known && caseKey) {
      const caseProblems = problems.length;
      checkCaseColumns(cells, context, (field, reason) => problem(line, field, reason));
      cases.set(caseKey, { line, cells, members: [], bad: problems.length > caseProblems });
    }

    if (
      problems.length > before ||
      givenName === undefined ||
      familyName === undefined ||
      'reason' in birth ||
      preferredLanguage === undefined
    ) {
      markCase(cases, caseKey, line, cells);
      continue;
    }
    const key = [
      givenName.toLowerCase(),
      familyName.toLowerCase(),
      birth.dateOfBirth ?? birth.birthYear,
    ].join('\u0000');
    const person: ImportPerson = {
      key,
      line,
      givenName,
      familyName,
      preferredName: preferredName || null,
      dateOfBirth: birth.dateOfBirth,
      birthYear: birth.birthYear,
      email: email ?? null,
      mobile: mobile ?? null,
      preferredLanguage,
    };
    const seen = people.get(key);
    if (seen) {
      for (const column of personColumns)
        if (cells[column].trim() !== seen.cells[column].trim())
          problem(
            line,
            column,
            `differs from line ${seen.person.line}, which lists the same person`,
          );
    } else people.set(key, { person, cells });

    const group = cases.get(caseKey)!;
    const twice = group.members.find((m) => m.personKey === key);
    if (twice) {
      problem(line, 'given_name', `lists the same person as line ${twice.line} of this case`);
      group.bad = true;
      continue;
    }
    const startDate = caseCells.start_date.trim();
    if (isCalendarDate(startDate) && (!guardianName || !guardianContact)) {
      const minor = birth.dateOfBirth
        ? ageOn(birth.dateOfBirth, startDate) < 18
        : Number(startDate.slice(0, 4)) - birth.birthYear < 18;
      if (minor)
        problem(
          line,
          guardianName ? 'guardian_contact' : 'guardian_name',
          'is needed for a member under 18 on the start date',
        );
    }
    group.members.push({
      personKey: key,
      line,
      relation: relation as MemberRelation,
      guardianName: guardianName ?? null,
      guardianContact: guardianContact ?? null,
    });
  }

  const planned: ImportCase[] = [];
  for (const [key, group] of cases) {
    if (group.bad) continue;
    const caseType = context.caseTypes.find((t) => t.code === group.cells.case_type.trim())!;
    const [min, max] = caseMemberCounts[caseType.structure];
    if (group.members.length < min || group.members.length > max) {
      problem(
        group.line,
        'case_key',
        `has ${group.members.length} member${group.members.length === 1 ? '' : 's'}; a case of type ${caseType.code} has ${min === max ? min : `${min} to ${max}`}`,
      );
      continue;
    }
    planned.push({
      key,
      line: group.line,
      caseType,
      presentingConcerns: splitList(group.cells.presenting_concerns),
      therapistIds: splitList(group.cells.therapist_email).map(
        (email) => context.therapists.find((t) => t.email === email.toLowerCase())!.staffUserId,
      ),
      startDate: group.cells.start_date.trim(),
      members: group.members,
    });
  }
  if (problems.length > 0) {
    const order = (p: ImportProblem) => p.line;
    return { ok: false, problems: problems.sort((a, b) => order(a) - order(b)) };
  }
  return { ok: true, plan: { people: [...people.values()].map((p) => p.person), cases: planned } };
}

/** As on the new-case page: 1 to 200 characters. */
const guardianText = caseMemberInputSchema.shape.guardianContact;

const splitList = (cell: string): string[] =>
  cell
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

/** A row with a problem makes its whole case unplannable (its other rows are still checked). */
function markCase(
  cases: Map<
    string,
    { line: number; cells: ImportRow['cells']; members: ImportCaseMember[]; bad: boolean }
  >,
  caseKey: string,
  line: number,
  cells: ImportRow['cells'],
): void {
  const key = caseKey.trim();
  if (!key) return;
  const group = cases.get(key);
  if (group) group.bad = true;
  else cases.set(key, { line, cells, members: [], bad: true });
}

function checkCaseColumns(
  cells: ImportRow['cells'],
  context: ImportClinicContext,
  problem: (field: ImportColumn, reason: string) => void,
): void {
  const caseType = cells.case_type.trim();
  if (!caseType) problem('case_type', 'must not be empty on the first row of a case');
  else if (!context.caseTypes.some((t) => t.code === caseType))
    problem(
      'case_type',
      `is not one of the clinic’s case types (${context.caseTypes.map((t) => t.code).join(', ')})`,
    );
  const concerns = splitList(cells.presenting_concerns);
  if (concerns.some((c) => !context.presentingConcerns.includes(c)))
    problem('presenting_concerns', 'names a concern that is not on the clinic’s list');
  else if (new Set(concerns).size !== concerns.length)
    problem('presenting_concerns', 'names a concern twice');
  else if (concerns.length > 20) problem('presenting_concerns', 'names more than 20 concerns');
  const emails = splitList(cells.therapist_email).map((e) => e.toLowerCase());
  if (emails.length === 0)
    problem('therapist_email', 'must not be empty on the first row of a case');
  else if (emails.some((e) => !context.therapists.some((t) => t.email === e)))
    problem('therapist_email', 'is not the e-mail address of a therapist at this clinic');
  else if (new Set(emails).size !== emails.length)
    problem('therapist_email', 'names a therapist twice');
  else if (emails.length > 6) problem('therapist_email', 'names more than 6 therapists');
  const startDate = cells.start_date.trim();
  if (!isCalendarDate(startDate)) problem('start_date', 'must be a real date written YYYY-MM-DD');
}

/** A full date of birth, or the year alone when that is all that is known (as on the page). */
function parseBirth(
  value: string,
  today: string,
  currentYear: number,
): { dateOfBirth: string | null; birthYear: number } | { reason: string } {
  if (!value) return { reason: 'must not be empty: give the date of birth, or the year' };
  if (/^\d{4}$/.test(value)) {
    const year = Number(value);
    if (year < 1900) return { reason: 'is before 1900' };
    if (year > currentYear) return { reason: 'must not be in the future' };
    return { dateOfBirth: null, birthYear: year };
  }
  if (!isCalendarDate(value))
    return { reason: 'must be a real date written YYYY-MM-DD (or only the year, YYYY)' };
  if (value > today) return { reason: 'must not be in the future' };
  if (value < '1900-01-01') return { reason: 'is before 1900' };
  return { dateOfBirth: value, birthYear: Number(value.slice(0, 4)) };
}
