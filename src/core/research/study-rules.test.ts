import { describe, expect, it } from 'vitest';
import {
  MAX_TYPED_NAME_LENGTH,
  canMoveStudyStatus,
  consentSubmissionProblem,
  informationTextProblem,
} from './study-rules.ts';

describe('study status', () => {
  it('moves forward only, one step at a time', () => {
    expect(canMoveStudyStatus('draft', 'recruiting')).toBe(true);
    expect(canMoveStudyStatus('recruiting', 'closed')).toBe(true);
    expect(canMoveStudyStatus('draft', 'closed')).toBe(false);
    expect(canMoveStudyStatus('closed', 'recruiting')).toBe(false);
    expect(canMoveStudyStatus('recruiting', 'draft')).toBe(false);
  });
});

describe('information text', () => {
  it('accepts Markdown with accents and refuses raw HTML or script', () => {
    expect(informationTextProblem('# Estudio\n\nParticipación **voluntaria**; a < b.')).toBeNull();
    expect(informationTextProblem('<script>alert(1)</script>')).toMatch(/raw HTML/);
    expect(informationTextProblem('Hola <b>mundo</b>')).toMatch(/raw HTML/);
    expect(informationTextProblem('   ')).toMatch(/empty/);
  });
});

describe('consent submission', () => {
  const base = { statementCount: 3, tickedStatementIndexes: [0, 1, 2], typedName: 'Ana Núñez' };
  it('accepts a full consent and a decline without ticks', () => {
    expect(consentSubmissionProblem({ ...base, decision: 'consented' })).toBeNull();
    expect(
      consentSubmissionProblem({ ...base, tickedStatementIndexes: [], decision: 'declined' }),
    ).toBeNull();
  });
  it('refuses a missing tick, a foreign tick, an empty or overlong name', () => {
    expect(
      consentSubmissionProblem({ ...base, tickedStatementIndexes: [0, 2], decision: 'consented' }),
    ).toMatch(/Every consent statement/);
    expect(
      consentSubmissionProblem({
        ...base,
        tickedStatementIndexes: [0, 1, 2, 5],
        decision: 'consented',
      }),
    ).toMatch(/does not belong/);
    expect(consentSubmissionProblem({ ...base, typedName: '  ', decision: 'consented' })).toMatch(
      /Type your full name/,
    );
    expect(
      consentSubmissionProblem({ ...base, typedName: 'x'.repeat(10_000), decision: 'consented' }),
    ).toMatch(new RegExp(`${MAX_TYPED_NAME_LENGTH}`));
  });
});
