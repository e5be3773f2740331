import { describe, expect, it } from 'vitest';
import { measuresProblem, recruitingProblem } from './study-readiness.ts';

describe('recruiting', () => {
  it.each([
    [{ ethicsReference: 'CEI-2026-14', ethicsApprovedOn: '2026-10-01', consentVersions: 1 }, null],
    [
      { ethicsReference: ' ', ethicsApprovedOn: '2026-10-01', consentVersions: 1 },
      /ethics approval/,
    ],
    [{ ethicsReference: 'CEI-2026-14', ethicsApprovedOn: null, consentVersions: 1 }, /ethics/],
    [
      { ethicsReference: 'CEI-2026-14', ethicsApprovedOn: '2026-10-01', consentVersions: 0 },
      /consent version/,
    ],
  ])('%o → %s', (study, expected) => {
    const problem = recruitingProblem(study);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe('measures', () => {
  const wai = { instrumentId: 'wai-sr', respondent: 'client', timing: 'sessions' as const };
  it('accepts the founding study: client scales at sessions 3 and 5, forms at enrolment', () => {
    expect(
      measuresProblem([
        { ...wai, sessionNumbers: [3, 5] },
        { instrumentId: 'who-5', respondent: 'client', timing: 'sessions', sessionNumbers: [3, 5] },
        { ...wai, respondent: 'therapist', sessionNumbers: [3, 5] },
        { instrumentId: 'demo', respondent: 'client', timing: 'enrolment', sessionNumbers: [] },
      ]),
    ).toBeNull();
  });
  it('refuses sessions without numbers, enrolment with numbers, and asking twice', () => {
    expect(measuresProblem([{ ...wai, sessionNumbers: [] }])).toEqual({
      index: 0,
      message: 'A measure at sessions names at least one session number.',
    });
    expect(measuresProblem([{ ...wai, timing: 'enrolment', sessionNumbers: [1] }])?.index).toBe(0);
    expect(
      measuresProblem([
        { ...wai, sessionNumbers: [3] },
        { ...wai, sessionNumbers: [5, 3] },
      ]),
    ).toEqual({ index: 1, message: 'wai-sr is asked of the client twice at session 3.' });
    expect(measuresProblem([{ ...wai, sessionNumbers: [4, 4] }])?.message).toMatch(/twice/);
  });
});
