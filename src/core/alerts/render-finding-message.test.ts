import { describe, expect, it } from 'vitest';
import type { AllianceSession } from '../alliance/alliance-case-history.ts';
import { analyseCase } from '../alliance/analyse-case.ts';
import {
  buildAttendedSessions,
  buildClientRatings,
  buildTestHistory,
  buildTotals,
} from '../../../test/helpers/build-test-history.ts';
import {
  FINDING_MESSAGE_KEYS,
  type FindingMessage,
  PLURAL_FINDING_MESSAGE_KEYS,
} from '../alliance/finding-message.ts';
import { findCatalogueGaps, flattenCatalogue } from './find-catalogue-gaps.ts';
import { FINDING_CATALOGUES } from './finding-catalogues.ts';
import { findingMessagesEn } from './finding-messages-en.ts';
import { renderFindingMessageIn } from './render-finding-message.ts';

const explanationOf = (
  type: string,
  totals: (number | null)[],
  sessions: AllianceSession[] = buildAttendedSessions(totals.length),
): FindingMessage => {
  const findings = analyseCase(
    buildTestHistory({ sessions, ratings: buildTotals('client-1', totals) }),
  );
  const finding = findings.find((f) => f.type === type);
  if (!finding) throw new Error(`no ${type} finding`);
  return finding.explanation;
};

describe('renderFindingMessage', () => {
  // The sentences are those the engine wrote in English and the alert layer in Spanish
  // before explanations became messages; only the numbers now follow the reader's locale.
  it.each([
    {
      name: 'a repaired rupture',
      message: explanationOf('rupture', [4.3, 4.3, 4.3, 2.8, 4.3]),
      en: 'Overall alliance dipped from 4.3 to 2.8 after session 4 and was back to 4.3 by session 5: a repaired rupture, which tends to go with better outcomes.',
      es: 'La alianza global bajó de 4,3 a 2,8 tras la sesión 4 y volvió a 4,3 en la sesión 5: una ruptura reparada, algo que suele acompañar a mejores resultados.',
    },
    {
      name: 'an open rupture measured in the spread between clients',
      message: explanationOf('rupture', [4, 4, 4, 2]),
      en: "Overall alliance fell from 4.0 to 2.0 after session 4, more than 1.5 × the usual spread of alliance scores between clients (wider than this client's own variation).",
      es: 'La alianza global cayó de 4,0 a 2,0 tras la sesión 4, más de 1,5 × la dispersión habitual de la alianza entre clientes (mayor que la variación propia de este cliente).',
    },
    {
      name: 'a split alliance',
      message: (() => {
        const ratings = [
          ...buildClientRatings('a', [{ total: 2.8 }]),
          ...buildClientRatings('b', [{ total: 4.3 }]),
        ];
        const finding = analyseCase(
          buildTestHistory({ sessions: buildAttendedSessions(1), ratings }),
        ).find((f) => f.type === 'split-alliance');
        return finding!.explanation;
      })(),
      en: 'Overall alliance after session 1 ranged from 2.8 to 4.3 across the 2 members, a split of 1.5 points: a split alliance; check whether one member feels less heard.',
      es: 'La alianza global tras la sesión 1 fue de 2,8 a 4,3 entre los 2 miembros, una división de 1,5 puntos: una alianza dividida; compruebe si algún miembro se siente menos escuchado.',
    },
    {
      name: 'disengagement after three missed sessions (a list)',
      message: explanationOf(
        'disengagement',
        [4, 4, 4, 2, null, null, null],
        buildAttendedSessions(7).map((s) => ({
          ...s,
          attendance:
            s.number === 6
              ? ('no-show' as const)
              : s.number > 4
                ? ('cancelled' as const)
                : s.attendance,
        })),
      ),
      en: 'After session 4, where the alliance dropped, there were a cancellation at session 5, a no-show at session 6 and a cancellation at session 7: a sign of disengagement; consider reaching out before the next appointment.',
      es: 'Después de la sesión 4, en la que hubo una ruptura, hubo una cancelación en la sesión 5, una ausencia sin aviso en la sesión 6 y una cancelación en la sesión 7: una señal de desvinculación; considere contactar con el cliente antes de la próxima cita.',
    },
    {
      name: 'an alert stored as sentences before the migration',
      message: {
        key: 'storedText',
        params: { en: 'Overall alliance fell.', es: 'La alianza global cayó.' },
      } satisfies FindingMessage,
      en: 'Overall alliance fell.',
      es: 'La alianza global cayó.',
    },
  ])('$name, in English and in Spanish', ({ message, en, es }) => {
    expect(renderFindingMessageIn('en', message)).toBe(en);
    expect(renderFindingMessageIn('es', message)).toBe(es);
  });

  it("falls back to English words, with the reader's numbers, without a catalogue", () => {
    const message = explanationOf('rupture', [4.3, 4.3, 4.3, 2.8, 4.3]);
    expect(renderFindingMessageIn('fr', message)).toBe(
      'Overall alliance dipped from 4,3 to 2,8 after session 4 and was back to 4,3 by session 5: a repaired rupture, which tends to go with better outcomes.',
    );
  });

  it('formats parameters with up to two decimals in the locale', () => {
    const message: FindingMessage = {
      key: 'notOnTrack.active',
      params: {
        instrument: 'PHQ-9',
        observed: 14,
        session: 6,
        expected: 8.25,
        tolerance: 3.5,
        intake: 16,
        sample: 'the clinic, 2025',
        date: '2026-01-31',
      },
    };
    expect(renderFindingMessageIn('en', message)).toBe(
      'PHQ-9 was 14 at session 6, worse than the 8.25 ± 3.5 expected for a client who started at 16: not on track (model fitted on the clinic, 2025, 2026-01-31).',
    );
    expect(renderFindingMessageIn('es', message)).toBe(
      'PHQ-9 fue 14 en la sesión 6, peor que el 8,25 ± 3,5 esperado para quien empezó en 16: no va según lo previsto.',
    );
  });
});

describe('finding catalogues', () => {
  const english = flattenCatalogue(findingMessagesEn);

  it('hold every key the engine can give, in English', () => {
    for (const key of FINDING_MESSAGE_KEYS) {
      const forms = PLURAL_FINDING_MESSAGE_KEYS.includes(key)
        ? [`${key}_one`, `${key}_other`]
        : [key];
      for (const form of forms) expect(english.has(form), form).toBe(true);
    }
  });

  // A stored sentence comes in every language it was stored in; each catalogue picks its own.
  const storedText = { storedText: ['en', 'es'] };

  it.each(Object.keys(FINDING_CATALOGUES))('are complete in %s', (language) => {
    expect(findCatalogueGaps(findingMessagesEn, FINDING_CATALOGUES[language]!, storedText)).toEqual(
      [],
    );
  });

  it('find a translation that misses a key or invents a placeholder', () => {
    const spanish = structuredClone(FINDING_CATALOGUES.es!);
    delete (spanish.rupture as Partial<typeof spanish.rupture>).open;
    spanish.split.active = '{{scale}} tras la sesión {{sesion}}';
    expect(findCatalogueGaps(findingMessagesEn, spanish, storedText)).toEqual([
      'missing rupture.open',
      'unknown placeholder {{sesion}} in split.active',
    ]);
  });
});
