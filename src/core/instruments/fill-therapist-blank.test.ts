import { describe, expect, it } from 'vitest';
import { findBundledInstrument } from './bundled-instruments.ts';
import { fillTherapistBlank } from './fill-therapist-blank.ts';

describe('the therapist’s name in the WAI-SR blank', () => {
  it.each([
    ['_____ and I respect each other.', 'Dr Vega', 'en', 'Dr Vega and I respect each other.'],
    ['_____ and I respect each other.', null, 'en', 'Your therapist and I respect each other.'],
    ['I believe _____ likes me.', null, 'en', 'I believe your therapist likes me.'],
    ['_____ y yo nos respetamos.', null, 'es', 'Su terapeuta y yo nos respetamos.'],
    ['No blank here.', 'Dr Vega', 'en', 'No blank here.'],
  ])('%s (%s, %s)', (text, name, language, expected) => {
    expect(fillTherapistBlank(text, name, language)).toBe(expected);
  });

  it('changes nothing else of the WAI-SR wording', () => {
    const wai = findBundledInstrument('wai-sr')!;
    const blanks = wai.items.filter((i) => i.text.en!.includes('_____'));
    expect(blanks.length).toBe(8);
    for (const item of wai.items) {
      const filled = fillTherapistBlank(item.text.en!, 'Dr Vega', 'en');
      expect(filled.replaceAll('Dr Vega', '_____')).toBe(item.text.en);
      expect(filled).not.toContain('_');
    }
  });
});
