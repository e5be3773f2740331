/**
 * Research study rules that need no database: how a study's status may move, and what a
 * consent version's information text and a signed consent must satisfy before anything is
 * stored. Shared by the server (which enforces them) and the web app (which can pre-check).
 */

export const STUDY_STATUSES = ['draft', 'recruiting', 'closed'] as const;
export type StudyStatus = (typeof STUDY_STATUSES)[number];

const NEXT_STATUS: Record<StudyStatus, readonly StudyStatus[]> = {
  draft: ['recruiting'],
  recruiting: ['closed'],
  closed: [],
};

/** A study moves forward only: draft → recruiting → closed. */
export function canMoveStudyStatus(from: StudyStatus, to: StudyStatus): boolean {
  return NEXT_STATUS[from].includes(to);
}

/** The longest typed name a consent accepts (characters, after trimming). */
export const MAX_TYPED_NAME_LENGTH = 200;

/**
 * Why an information text (Markdown, stored as given) is refused, or null when it is
 * acceptable: raw HTML tags (including script) are not allowed, only Markdown.
 */
export function informationTextProblem(markdown: string): string | null {
  if (markdown.trim() === '') return 'The information text is empty.';
  if (/<\s*\/?\s*[a-z!][^>]*>/i.test(markdown)) {
    return 'The information text contains raw HTML; write it in Markdown without HTML tags.';
  }
  return null;
}

/**
 * Why a signed consent is refused, or null when it may be stored: every statement of the
 * version must be ticked (only for a "consented" decision) and the typed name must be
 * present and at most MAX_TYPED_NAME_LENGTH characters.
 */
export function consentSubmissionProblem(input: {
  statementCount: number;
  tickedStatementIndexes: readonly number[];
  typedName: string;
  decision: 'consented' | 'declined';
}): string | null {
  const name = input.typedName.trim();
  if (name === '') return 'Type your full name to sign.';
  if (name.length > MAX_TYPED_NAME_LENGTH) {
    return `The typed name is longer than ${MAX_TYPED_NAME_LENGTH} characters.`;
  }
  if (input.decision === 'consented') {
    const ticked = new Set(input.tickedStatementIndexes);
    for (let index = 0; index < input.statementCount; index += 1) {
      if (!ticked.has(index)) return 'Every consent statement must be ticked to consent.';
    }
    if ([...ticked].some((index) => index < 0 || index >= input.statementCount)) {
      return 'A ticked statement does not belong to this consent version.';
    }
  }
  return null;
}
