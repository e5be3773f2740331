/**
 * The small part of FHIR R4 (hl7.org/fhir/R4) that Rapport writes: Questionnaire,
 * QuestionnaireResponse and Observation. Plain data; no FHIR library is needed for this.
 */
export interface FhirCoding {
  system?: string;
  code?: string;
  display?: string;
}

export interface FhirExtension {
  url: string;
  valueDecimal?: number;
  valueString?: string;
  valueCode?: string;
}

export interface FhirQuestionnaireItem {
  linkId: string;
  text?: string;
  type: 'group' | 'display' | 'choice' | 'text' | 'string' | 'integer' | 'decimal';
  required?: boolean;
  code?: FhirCoding[];
  enableWhen?: { question: string; operator: '=' | '!='; answerCoding: FhirCoding }[];
  answerOption?: { valueCoding: FhirCoding; extension?: FhirExtension[] }[];
  item?: FhirQuestionnaireItem[];
}

export interface FhirQuestionnaire {
  resourceType: 'Questionnaire';
  id: string;
  url: string;
  version: string;
  name: string;
  title: string;
  status: 'draft' | 'active' | 'retired' | 'unknown';
  language: string;
  subjectType: string[];
  copyright: string;
  description?: string;
  code?: FhirCoding[];
  item: FhirQuestionnaireItem[];
}

export interface FhirQuestionnaireResponseItem {
  linkId: string;
  text?: string;
  answer?: { valueCoding?: FhirCoding; valueString?: string }[];
}

export interface FhirQuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  id?: string;
  questionnaire: string;
  status: 'in-progress' | 'completed' | 'amended' | 'entered-in-error' | 'stopped';
  authored?: string;
  subject?: { reference: string };
  item: FhirQuestionnaireResponseItem[];
}

export interface FhirObservation {
  resourceType: 'Observation';
  id?: string;
  status: 'registered' | 'preliminary' | 'final' | 'amended';
  category: { coding: FhirCoding[] }[];
  code: { coding: FhirCoding[]; text: string };
  subject?: { reference: string };
  effectiveDateTime?: string;
  valueQuantity: { value: number; unit: string; system: string; code: string };
  interpretation?: { text: string }[];
  method: { text: string };
  derivedFrom?: { reference: string }[];
  note?: { text: string }[];
}

export type FhirResource = FhirQuestionnaire | FhirQuestionnaireResponse | FhirObservation;

export interface FhirBundle {
  resourceType: 'Bundle';
  type: 'searchset';
  link: { relation: 'self' | 'next'; url: string }[];
  entry: { fullUrl: string; resource: FhirResource; search: { mode: 'match' } }[];
}

export interface FhirOperationOutcome {
  resourceType: 'OperationOutcome';
  issue: {
    severity: 'error' | 'fatal';
    code: 'invalid' | 'login' | 'not-found' | 'not-supported' | 'security' | 'exception';
    diagnostics: string;
  }[];
}
