import { FHIR_SEARCH_PARAMETERS, type FhirSearchType } from './fhir-search.ts';

/**
 * What the FHIR read API serves, as a CapabilityStatement (hl7.org/fhir/R4/capabilitystatement.html):
 * read and search of Questionnaire, QuestionnaireResponse and Observation, with exactly the
 * search parameters `parseFhirSearch` accepts, in JSON only. `date` is when this statement
 * last changed, not when it was asked for.
 */
export function capabilityStatement(options: { base: string; softwareVersion: string }) {
  const types: FhirSearchType[] = ['Questionnaire', 'QuestionnaireResponse', 'Observation'];
  return {
    resourceType: 'CapabilityStatement' as const,
    status: 'active' as const,
    date: '2026-12-06',
    publisher: 'Rapport',
    kind: 'instance' as const,
    software: { name: 'Rapport', version: options.softwareVersion },
    implementation: { description: 'Rapport FHIR R4 read API', url: options.base },
    fhirVersion: '4.0.1' as const,
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server' as const,
        documentation:
          'Read-only. A Patient reference is Patient/{id}, the opaque id of a client (a random UUID, no name); Patient itself is not served.',
        security: {
          cors: false,
          description:
            "A signed-in staff session (cookie) or an API token an admin issues, as Authorization: Bearer. Access follows the app: a record outside the caller's reach is 404.",
        },
        resource: types.map((type) => ({
          type,
          interaction: [{ code: 'read' as const }, { code: 'search-type' as const }],
          versioning: 'no-version' as const,
          readHistory: false,
          updateCreate: false,
          searchParam: FHIR_SEARCH_PARAMETERS[type].map((p) => ({
            name: p.name,
            type: p.type,
            documentation: p.documentation,
          })),
        })),
      },
    ],
  };
}
