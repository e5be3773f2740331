import { assert, describe, expect, it } from 'vitest';
import { findBundledInstrument } from '../instruments/bundled-instruments.ts';
import { scoreResponse } from '../scoring/score-response.ts';
import { applyStudyFormOptions, parseStudyFormOptions } from './study-form-options.ts';

const workContext = findBundledInstrument('therapist-work-context')!;
const sociodemographic = findBundledInstrument('client-sociodemographic')!;

// The founding study's two clinics, in place of the form's six placeholders.
const twoClinics = {
  '4': [
    { value: 1, label: { en: 'North clinic', es: 'Centro Norte' } },
    { value: 2, label: { en: 'South clinic', es: 'Centro Sur' } },
  ],
};

describe('parseStudyFormOptions', () => {
  it('accepts narrowed, reordered and renamed options of a descriptive form', () => {
    const result = parseStudyFormOptions(workContext, twoClinics);
    assert(result.ok, 'accepted');
    const reordered = parseStudyFormOptions(sociodemographic, {
      '6': [{ value: 2 }, { value: 1 }, { value: 99, label: { es: 'No contesto' } }],
    });
    expect(reordered.ok).toBe(true);
  });

  it.each([
    {
      why: 'a value the item does not have',
      input: { '4': [{ value: 1 }, { value: 7 }] },
      issues: ['4.1.value: 7 is not a value of item 4 (one of 1, 2, 3, 4, 5, 6)'],
    },
    {
      why: 'a value twice',
      input: { '4': [{ value: 1 }, { value: 1 }] },
      issues: ['4.1.value: 1 repeats'],
    },
    {
      why: 'an item the form does not have',
      input: { '9': [{ value: 1 }, { value: 2 }] },
      issues: ['9: therapist-work-context has no choice item "9"'],
    },
    {
      why: 'a language the form does not speak',
      input: { '4': [{ value: 1, label: { de: 'Nord' } }, { value: 2 }] },
      issues: ['4.0.label.de: "de" is not a language of therapist-work-context'],
    },
    {
      why: 'fewer than two options',
      input: { '4': [{ value: 1 }] },
      issues: ['4: an item needs at least two options'],
    },
    {
      why: 'an empty label',
      input: { '4': [{ value: 1, label: { en: '  ' } }, { value: 2 }] },
      issues: ['4.0.label.en: must not be empty'],
    },
    {
      why: 'a label of 121 characters',
      input: { '4': [{ value: 1, label: { en: 'x'.repeat(121) } }, { value: 2 }] },
      issues: ['4.0.label.en: must be at most 120 characters'],
    },
    {
      why: 'an unknown key on an option',
      input: { '4': [{ value: 1, score: 3 }, { value: 2 }] },
      issues: ['4.0: Unrecognized key: "score"'],
    },
    {
      why: 'not an object',
      input: [1, 2],
      issues: ['(options): Invalid input: expected record, received array'],
    },
  ])('refuses $why, saying where', ({ input, issues }) => {
    const result = parseStudyFormOptions(workContext, input);
    assert(!result.ok, 'refused');
    expect(result.issues.map((i) => `${i.path}: ${i.message}`)).toEqual(issues);
  });

  it('refuses any edit of a scored or standardised instrument', () => {
    const result = parseStudyFormOptions(findBundledInstrument('who-5')!, {
      '1': [{ value: 0 }, { value: 5 }],
    });
    assert(!result.ok, 'refused');
    expect(result.issues[0]?.message).toMatch(/only a descriptive study form/);
  });
});

describe('applyStudyFormOptions', () => {
  it('shows the study’s options in its order and words, other items as published', () => {
    const form = applyStudyFormOptions(workContext, twoClinics);
    const clinicItem = form.items.find((i) => i.id === '4')!;
    const set = form.responseSets.find((s) => s.id === clinicItem.responses)!;
    expect(set.options).toEqual([
      { value: 1, label: { en: 'North clinic', es: 'Centro Norte' } },
      { value: 2, label: { en: 'South clinic', es: 'Centro Sur' } },
    ]);
    expect(form.items.find((i) => i.id === '1')).toEqual(workContext.items[0]);
    // The published form is not changed.
    expect(workContext.items[3]!.responses).toBe('clinic');
  });

  it('keeps the form’s label in a language the study did not rename', () => {
    const form = applyStudyFormOptions(sociodemographic, {
      '6': [{ value: 1, label: { en: 'Castilian' } }, { value: 99 }],
    });
    const set = form.responseSets.find((s) => s.id === form.items[5]!.responses)!;
    expect(set.options).toEqual([
      { value: 1, label: { en: 'Castilian', es: 'Español' } },
      { value: 99, label: { en: 'Prefer not to say', es: 'Prefiero no decirlo' } },
    ]);
  });

  it('refuses, on submission, a value the study left out', () => {
    const form = applyStudyFormOptions(workContext, twoClinics);
    const answers = { '1': 1, '2': 3, '3': 1, '5': 2 };
    expect(scoreResponse(form, { ...answers, '4': 2 }).valid).toBe(true);
    expect(scoreResponse(form, { ...answers, '4': 5 }).errors).toEqual([
      'item 4: 5 is not a valid answer (a whole number from 1 to 2)',
    ]);
  });

  it('ignores options that do not fit the form (as stored before a change)', () => {
    expect(applyStudyFormOptions(workContext, { '4': [{ value: 1 }, { value: 42 }] })).toBe(
      workContext,
    );
    expect(applyStudyFormOptions(workContext, null)).toBe(workContext);
  });
});
