import { describe, expect, it } from 'vitest';
import {
  buildClientRatings,
  buildTestHistory,
  buildTotals,
} from '../../../test/helpers/build-test-history.ts';
import { estimateInterindividualSd } from './estimate-interindividual-sd.ts';

describe('estimateInterindividualSd', () => {
  it('is the sample SD of all clients’ scores together (R: sd(c(4, 5, 3, 4.5)) = 0.8539126)', () => {
    const histories = [
      buildTestHistory({ caseId: 'a', ratings: buildTotals('c1', [4, 5]) }),
      buildTestHistory({ caseId: 'b', ratings: buildTotals('c2', [3, 4.5]) }),
    ];
    expect(estimateInterindividualSd(histories)).toBeCloseTo(0.8539126, 7);
  });

  it('is larger than any one steady client’s own SD when clients differ in level', () => {
    // Two clients who never vary: own SDs 0, interindividual sd(c(4, 4, 3, 3)) = 0.5773503.
    const histories = [
      buildTestHistory({ caseId: 'a', ratings: buildTotals('c1', [4, 4]) }),
      buildTestHistory({ caseId: 'b', ratings: buildTotals('c2', [3, 3]) }),
    ];
    expect(estimateInterindividualSd(histories)).toBeCloseTo(0.5773503, 7);
  });

  it('reads the scale asked for and only clients’ forms', () => {
    const client = buildClientRatings('c1', [
      { total: 4, bond: 2 },
      { total: 4, bond: 4 },
    ]);
    const therapist = buildTotals('t1', [1, 5]).map((r) => ({ ...r, role: 'therapist' as const }));
    const history = buildTestHistory({ ratings: [...client, ...therapist] });
    expect(estimateInterindividualSd([history])).toBe(0);
    expect(estimateInterindividualSd([history], 'bond')).toBeCloseTo(Math.SQRT2, 9);
  });

  it('is null with fewer than two scores', () => {
    expect(estimateInterindividualSd([buildTestHistory({ ratings: buildTotals('c1', [4]) })])).toBe(
      null,
    );
    expect(estimateInterindividualSd([])).toBe(null);
  });
});
