import type { FhirBundle, FhirOperationOutcome, FhirResource } from './fhir-types.ts';

/**
 * A search's page as a FHIR R4 searchset Bundle (hl7.org/fhir/R4/bundle.html): each entry
 * with its absolute `fullUrl`, a `self` link, and a `next` link while more results follow.
 */
export function toSearchsetBundle(
  base: string,
  resources: readonly FhirResource[],
  links: { self: string; next?: string },
): FhirBundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    link: [
      { relation: 'self', url: links.self },
      ...(links.next === undefined ? [] : [{ relation: 'next' as const, url: links.next }]),
    ],
    entry: resources.map((resource) => ({
      fullUrl: `${base}/${resource.resourceType}/${resource.id ?? ''}`,
      resource,
      search: { mode: 'match' },
    })),
  };
}

/** An error as FHIR says it (hl7.org/fhir/R4/operationoutcome.html): one issue, in a sentence. */
export function toOperationOutcome(
  code: FhirOperationOutcome['issue'][number]['code'],
  diagnostics: string,
): FhirOperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: code === 'exception' ? 'fatal' : 'error', code, diagnostics }],
  };
}
