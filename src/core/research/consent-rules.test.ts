import { describe, expect, it } from 'vitest';
import {
  canMoveParticipant,
  consentShownText,
  needsGuardian,
  pseudonymNumber,
  statusAfterConsent,
  studyPseudonym,
} from './consent-rules.ts';

describe('needsGuardian', () => {
  // Ages worked by hand against the calendar.
  it.each([
    ['2008-12-05', null, '2026-12-04', true], // 17, birthday tomorrow
    ['2008-12-04', null, '2026-12-04', false], // 18 today
    ['2008-01-01', null, '2026-12-04', false],
    ['2010-06-30', null, '2026-12-04', true],
    [null, 2008, '2026-12-04', true], // 17 or 18: may still be 17
    [null, 2007, '2026-12-04', false], // at least 18
    [null, null, '2026-12-04', false],
  ] as const)('dob %s, year %s on %s → %s', (dateOfBirth, birthYear, today, expected) => {
    expect(needsGuardian({ dateOfBirth, birthYear }, today)).toBe(expected);
  });
});

describe('pseudonyms', () => {
  it('spells C01 … C99, C100 and T01, and reads them back', () => {
    expect(studyPseudonym('client', 1)).toBe('C01');
    expect(studyPseudonym('client', 100)).toBe('C100');
    expect(studyPseudonym('therapist', 7)).toBe('T07');
    expect(pseudonymNumber('client', 'C12')).toBe(12);
    expect(pseudonymNumber('therapist', 'C12')).toBeNull();
    expect(pseudonymNumber('client', 'C-abc123')).toBeNull();
  });
});

describe('consentShownText', () => {
  it('is the information text, a blank line and each statement on its own line', () => {
    expect(consentShownText({ informationText: '# T\n\nBody', statements: ['A', 'B'] })).toBe(
      '# T\n\nBody\n\n[ ] A\n[ ] B',
    );
  });
});

describe('participant steps', () => {
  it('moves invited → consented/declined → withdrawn/completed and never back', () => {
    expect(canMoveParticipant('invited', 'consented')).toBe(true);
    expect(canMoveParticipant('consented', 'withdrawn')).toBe(true);
    expect(canMoveParticipant('withdrawn', 'consented')).toBe(false);
    expect(canMoveParticipant('declined', 'consented')).toBe(false);
  });

  it('decides an adult by their consent and a minor by guardian consent and assent', () => {
    expect(statusAfterConsent(false, [{ kind: 'consent', decision: 'consented' }])).toBe(
      'consented',
    );
    expect(statusAfterConsent(true, [{ kind: 'guardian-consent', decision: 'consented' }])).toBe(
      'invited',
    );
    expect(
      statusAfterConsent(true, [
        { kind: 'guardian-consent', decision: 'consented' },
        { kind: 'assent', decision: 'consented' },
      ]),
    ).toBe('consented');
    expect(
      statusAfterConsent(true, [
        { kind: 'guardian-consent', decision: 'consented' },
        { kind: 'assent', decision: 'declined' },
      ]),
    ).toBe('declined');
  });
});
