// Benjamini & Hochberg (1995, J R Stat Soc B 57:289–300) adjusted p values for a table of
// tests, as R's `p.adjust(p, method = "BH")`: p₍ᵢ₎·m/i, made monotone from the largest down,
// capped at 1. Checked in test/reference/statistics.test.ts.

/** BH-adjusted p values, in the order given. */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const m = p.length;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => p[b]! - p[a]!);
  const adjusted = new Array<number>(m);
  let running = 1;
  order.forEach((index, position) => {
    const rank = m - position;
    running = Math.min(running, (p[index]! * m) / rank);
    adjusted[index] = running;
  });
  return adjusted;
}
