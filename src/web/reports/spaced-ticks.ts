/**
 * The values of a band axis to label so that no two labels touch: every nth value, n the
 * smallest whose spacing (n steps of the band) leaves the widest label its width plus a gap.
 * Labels are centred on their bands, so two of them never overlap once their centres are
 * at least the widest label apart.
 */
export function spacedTicks<T>(values: readonly T[], widest: number, step: number, gap = 6): T[] {
  const every = step > 0 ? Math.max(1, Math.ceil((widest + gap) / step)) : values.length;
  return values.filter((_, i) => i % every === 0);
}
