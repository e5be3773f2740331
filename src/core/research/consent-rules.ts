/**
 * Enrolment and consent rules that need no database: who counts as a minor (and so needs a
 * guardian's consent and their own assent), how a study pseudonym is spelled, which text a
 * consent's hash is taken over, and whether a participant's status may move.
 */

/** The age below which a client needs a guardian's consent and their own assent. */
export const ADULT_AGE = 18;

/**
 * True when the person is, or may still be, under 18 on `today` (YYYY-MM-DD). With a date of
 * birth this is exact; with only a birth year, someone who may not have had their 18th
 * birthday yet counts as a minor (a guardian asked once too often is the safe error); with
 * neither, the person is taken as an adult (the clinic records a minor's date of birth).
 */
export function needsGuardian(
  person: { dateOfBirth: string | null; birthYear: number | null },
  today: string,
): boolean {
  if (person.dateOfBirth) {
    const [by, bm, bd] = person.dateOfBirth.split('-').map(Number) as [number, number, number];
    const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
    const hadBirthday = tm > bm || (tm === bm && td >= bd);
    return ty - by - (hadBirthday ? 0 : 1) < ADULT_AGE;
  }
  if (person.birthYear !== null) {
    const year = Number(today.slice(0, 4));
    // Born in `birthYear`, they are at least (year - birthYear - 1) years old.
    return year - person.birthYear - 1 < ADULT_AGE;
  }
  return false;
}

/** A study pseudonym: C01, C02 … for clients, T01 … for therapists (three digits past 99). */
export function studyPseudonym(role: 'client' | 'therapist', number: number): string {
  return `${role === 'client' ? 'C' : 'T'}${String(number).padStart(2, '0')}`;
}

/** The number in a pseudonym of the role, or null for another spelling. */
export function pseudonymNumber(role: 'client' | 'therapist', pseudonym: string): number | null {
  const match = /^([CT])(\d{2,})$/.exec(pseudonym);
  if (!match || match[1] !== (role === 'client' ? 'C' : 'T')) return null;
  return Number(match[2]);
}

/**
 * The exact text a person is shown and signs, as one string: the information text as
 * written (Markdown) and then each statement on a line of its own. Its SHA-256 is stored
 * with the consent, so the record proves what was on the screen.
 */
export function consentShownText(version: {
  informationText: string;
  statements: readonly string[];
}): string {
  return [version.informationText, '', ...version.statements.map((s) => `[ ] ${s}`)].join('\n');
}

export type ParticipantStatus = 'invited' | 'consented' | 'declined' | 'withdrawn' | 'completed';

const NEXT: Record<ParticipantStatus, readonly ParticipantStatus[]> = {
  invited: ['consented', 'declined', 'withdrawn'],
  consented: ['withdrawn', 'completed'],
  declined: [],
  withdrawn: [],
  completed: [],
};

/** invited → consented or declined (or withdrawn before answering); consented → withdrawn or completed. */
export function canMoveParticipant(from: ParticipantStatus, to: ParticipantStatus): boolean {
  return NEXT[from].includes(to);
}

export type ConsentKind = 'consent' | 'guardian-consent' | 'assent';

/**
 * A participant's status once a consent record of `kind` with `decision` is added to the
 * decisions already given: an adult is decided by their one consent; a minor consents when
 * both the guardian's consent and their own assent say yes, and declines when either says no.
 */
export function statusAfterConsent(
  needsGuardianConsent: boolean,
  decisions: readonly { kind: ConsentKind; decision: 'consented' | 'declined' }[],
): 'invited' | 'consented' | 'declined' {
  if (decisions.some((d) => d.decision === 'declined')) return 'declined';
  const yes = new Set(decisions.filter((d) => d.decision === 'consented').map((d) => d.kind));
  if (!needsGuardianConsent) return yes.has('consent') ? 'consented' : 'invited';
  return yes.has('guardian-consent') && yes.has('assent') ? 'consented' : 'invited';
}
