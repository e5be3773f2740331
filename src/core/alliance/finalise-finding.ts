import type { AllianceFinding } from './alliance-finding.ts';
import { computeFindingRevision } from './compute-finding-revision.ts';

/** Stamps a finding with the revision of its content; every rule builds findings through it. */
export function finaliseFinding<T extends AllianceFinding>(draft: Omit<T, 'revision'>): T {
  return { ...draft, revision: computeFindingRevision(draft) } as T;
}
