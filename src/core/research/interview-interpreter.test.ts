import { describe, expect, it } from 'vitest';
import { interviewInterpreterProblem } from './interview-interpreter.ts';

const eligible = {
  displayName: 'Ana Ruiz',
  clinicalExperience: 'Ten years in a psychosocial support service',
  briefedOn: '2026-02-10',
  interpretedTherapyAt: null,
  respondent: 'client' as const,
  timeZone: 'Europe/Stockholm',
};

describe('interviewInterpreterProblem', () => {
  it.each([
    ['briefed, experienced, never in the therapy', {}, null],
    [
      "interpreted the client's therapy (the date in the clinic's zone)",
      // 23:30 UTC on 2 March is 00:30 on 3 March in Stockholm.
      { interpretedTherapyAt: '2026-03-02T23:30:00.000Z' },
      "Ana Ruiz interpreted this client's therapy on 3 March; choose another interpreter.",
    ],
    [
      "interpreted the therapist's therapy sessions",
      { interpretedTherapyAt: '2026-11-20T10:00:00.000Z', respondent: 'therapist' as const },
      "Ana Ruiz interpreted this therapist's therapy on 20 November; choose another interpreter.",
    ],
    [
      'no briefing',
      { briefedOn: null },
      'Ana Ruiz has no recorded confidentiality briefing; record the briefing before booking them for an interview.',
    ],
    [
      'no experience (blank counts as none)',
      { clinicalExperience: '  ' },
      'Ana Ruiz has no recorded clinical or psychosocial experience; record it before booking them for an interview.',
    ],
    [
      'the therapy comes first: it can never be fixed by a briefing',
      { briefedOn: null, interpretedTherapyAt: '2026-03-03T10:00:00.000Z' },
      "Ana Ruiz interpreted this client's therapy on 3 March; choose another interpreter.",
    ],
  ])('%s', (_, change, expected) => {
    expect(interviewInterpreterProblem({ ...eligible, ...change })).toBe(expected);
  });
});
