/**
 * About how long forms take, in whole minutes (at least one): 6 seconds a choice item and 30
 * a free-text one. Our own working figures, not a published norm; the demo's measured
 * completion times are in bench/README.md. The questionnaire page says it to the client and
 * the plan editor's preview adds it up per respondent, with this one function.
 */
export function estimatedMinutes(forms: readonly { items: readonly { type: string }[] }[]): number {
  const seconds = forms
    .flatMap((f) => f.items)
    .reduce((sum, item) => sum + (item.type === 'text' ? 30 : 6), 0);
  return Math.max(1, Math.round(seconds / 60));
}
