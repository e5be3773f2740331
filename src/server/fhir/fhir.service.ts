import type { AuditEntityType } from '../../core/api/audit-vocabulary.ts';
import { AppError } from '../../core/app-error.ts';
import { scaleCodeSystem, toFhirObservations } from '../../core/fhir/to-fhir-observations.ts';
import { toFhirQuestionnaireResponse } from '../../core/fhir/to-fhir-questionnaire-response.ts';
import { questionnaireUrl, toFhirQuestionnaire } from '../../core/fhir/to-fhir-questionnaire.ts';
import type { FhirSearch, FhirSearchType } from '../../core/fhir/fhir-search.ts';
import type {
  FhirObservation,
  FhirQuestionnaire,
  FhirQuestionnaireResponse,
} from '../../core/fhir/fhir-types.ts';
import { findBundledInstrument } from '../../core/instruments/bundled-instruments.ts';
import type { InstrumentDefinition } from '../../core/instruments/instrument-definition.ts';
import type { RequestOrigin } from '../auth/auth-deps.ts';
import type { AuditDetails } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database, Executor } from '../db/database.ts';
import { loadInstrumentCatalogue } from '../instruments/instrument-catalogue.service.ts';
import { findInstrumentDefinition } from '../instruments/instrument.repository.ts';
import { resolveInstrument } from '../instruments/resolve-instrument.service.ts';
import {
  type FhirReader,
  type FhirResponseRow,
  type FhirScoreRow,
  listFhirResponses,
  listFhirScores,
  readerOrganization,
} from './fhir.repository.ts';

export interface FhirDeps {
  db: Database;
  clock: Clock;
}

/** A page of a search: its resources, and where the next page starts when there is one. */
export interface FhirPage<T> {
  resources: T[];
  next?: { date: string; id: string };
}

type FhirEntity = Extract<
  AuditEntityType,
  'instrument_definition' | 'questionnaire_response' | 'score'
>;
const entityOf: Record<FhirSearchType, FhirEntity> = {
  Questionnaire: 'instrument_definition',
  QuestionnaireResponse: 'questionnaire_response',
  Observation: 'score',
};

/**
 * Every FHIR read and search is audited as a read of clinical data: who (the staff member,
 * or the token with its id), what (the resource type and the ids returned), never a value.
 */
async function auditFhir(
  deps: FhirDeps,
  reader: FhirReader,
  origin: RequestOrigin,
  event: {
    action: 'fhir.read' | 'fhir.search';
    type: FhirSearchType;
    entityId: string | null;
    outcome?: 'success' | 'denied';
    details: AuditDetails;
  },
): Promise<void> {
  const actor =
    reader.kind === 'staff'
      ? { actorType: 'staff' as const, actorId: reader.actor.userId, via: {} as AuditDetails }
      : {
          actorType: 'system' as const,
          actorId: reader.token.tokenId,
          via: { apiToken: reader.token.tokenId },
        };
  await recordAudit(deps.db, deps.clock, {
    organizationId: readerOrganization(reader),
    actorType: actor.actorType,
    actorId: actor.actorId,
    action: event.action,
    entityType: entityOf[event.type],
    entityId: event.entityId,
    outcome: event.outcome ?? 'success',
    ip: origin.ip,
    requestId: origin.requestId,
    details: { resourceType: event.type, ...actor.via, ...event.details },
  });
}

/** The definitions a request needs, each looked up once: the exact version, else the current. */
function definitionLookup(db: Executor, organizationId: string) {
  const cache = new Map<string, Promise<InstrumentDefinition | undefined>>();
  return (instrumentId: string, version: string) => {
    const key = `${instrumentId}|${version}`;
    let found = cache.get(key);
    if (!found) {
      found = (async () => {
        const bundled = findBundledInstrument(instrumentId);
        if (bundled?.version === version) return bundled;
        const stored = await findInstrumentDefinition(db, organizationId, instrumentId, version);
        return stored?.definition ?? (await resolveInstrument(db, organizationId, instrumentId));
      })();
      cache.set(key, found);
    }
    return found;
  };
}

async function toResponses(
  deps: FhirDeps,
  organizationId: string,
  rows: readonly FhirResponseRow[],
): Promise<FhirQuestionnaireResponse[]> {
  const definition = definitionLookup(deps.db, organizationId);
  const out: FhirQuestionnaireResponse[] = [];
  for (const row of rows) {
    const def = await definition(row.instrumentId, row.instrumentVersion);
    if (!def) continue;
    out.push(
      toFhirQuestionnaireResponse(
        def,
        row.answers as Parameters<typeof toFhirQuestionnaireResponse>[1],
        {
          id: row.id,
          authored: row.submittedAt,
          subjectReference: `Patient/${row.clientId}`,
        },
      ),
    );
  }
  return out;
}

async function toObservations(
  deps: FhirDeps,
  organizationId: string,
  rows: readonly FhirScoreRow[],
): Promise<FhirObservation[]> {
  const definition = definitionLookup(deps.db, organizationId);
  const out: FhirObservation[] = [];
  for (const row of rows) {
    const def = await definition(row.instrumentId, row.instrumentVersion);
    if (!def) continue;
    const [observation] = toFhirObservations(
      def,
      {
        instrument: row.instrumentId,
        version: row.instrumentVersion,
        valid: true,
        errors: [],
        warnings: [],
        flags: [],
        cutOffs: [],
        scales: [
          {
            scale: row.scaleId,
            score: row.value,
            itemMean: row.itemMean,
            answered: row.answered,
            itemCount: row.itemCount,
            prorated: row.prorated,
            band: row.band,
            reason: null,
          },
        ],
      },
      {
        subjectReference: `Patient/${row.clientId}`,
        effectiveDateTime: row.submittedAt,
        questionnaireResponseReference: `QuestionnaireResponse/${row.responseId}`,
      },
    );
    if (observation) out.push({ ...observation, id: row.id });
  }
  return out;
}

const notFound = (type: FhirSearchType) =>
  new AppError('not_found', `${type} not found (or not yours to read).`);

/** FHIR ids are [A-Za-z0-9-.]{1,64}: only such an id of a refused read goes into the trail. */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

async function readOne<T>(
  deps: FhirDeps,
  reader: FhirReader,
  origin: RequestOrigin,
  type: FhirSearchType,
  id: string,
  find: () => Promise<T | undefined>,
): Promise<T> {
  const found = await find();
  await auditFhir(deps, reader, origin, {
    action: 'fhir.read',
    type,
    entityId: FHIR_ID.test(id) ? id : null,
    outcome: found === undefined ? 'denied' : 'success',
    details: {},
  });
  if (found === undefined) throw notFound(type);
  return found;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readQuestionnaireResponse(
  deps: FhirDeps,
  reader: FhirReader,
  id: string,
  origin: RequestOrigin,
): Promise<FhirQuestionnaireResponse> {
  return readOne(deps, reader, origin, 'QuestionnaireResponse', id, async () => {
    if (!UUID.test(id)) return undefined;
    const rows = await listFhirResponses(deps.db, reader, { id: id.toLowerCase() }, 1);
    return (await toResponses(deps, readerOrganization(reader), rows))[0];
  });
}

export function readObservation(
  deps: FhirDeps,
  reader: FhirReader,
  id: string,
  origin: RequestOrigin,
): Promise<FhirObservation> {
  return readOne(deps, reader, origin, 'Observation', id, async () => {
    if (!UUID.test(id)) return undefined;
    const rows = await listFhirScores(deps.db, reader, { id: id.toLowerCase() }, 1);
    return (await toObservations(deps, readerOrganization(reader), rows))[0];
  });
}

/** An instrument the organization uses, in its current version (bundled or imported). */
export function readQuestionnaire(
  deps: FhirDeps,
  reader: FhirReader,
  id: string,
  origin: RequestOrigin,
): Promise<FhirQuestionnaire> {
  return readOne(deps, reader, origin, 'Questionnaire', id, async () => {
    const definition = await resolveInstrument(deps.db, readerOrganization(reader), id);
    return definition && toFhirQuestionnaire(definition);
  });
}

/** One page more than asked tells whether a next page exists without counting them all. */
function page<T extends { id?: string }>(
  resources: T[],
  rows: readonly { id: string; submittedAt: string }[],
  count: number,
): FhirPage<T> {
  if (rows.length <= count) return { resources };
  const last = rows[count - 1]!;
  return {
    resources: resources.filter((r) => rows.slice(0, count).some((row) => row.id === r.id)),
    next: { date: last.submittedAt, id: last.id },
  };
}

async function auditSearch(
  deps: FhirDeps,
  reader: FhirReader,
  origin: RequestOrigin,
  type: FhirSearchType,
  search: FhirSearch,
  resources: readonly { id?: string }[],
) {
  await auditFhir(deps, reader, origin, {
    action: 'fhir.search',
    type,
    entityId: null,
    details: {
      count: resources.length,
      ids: resources.map((r) => r.id).join(','),
      subject: search.subject ?? null,
    },
  });
}

export async function searchQuestionnaireResponses(
  deps: FhirDeps,
  reader: FhirReader,
  search: FhirSearch,
  origin: RequestOrigin,
): Promise<FhirPage<FhirQuestionnaireResponse>> {
  const rows = await listFhirResponses(deps.db, reader, search, search.count + 1);
  const result = page(
    await toResponses(deps, readerOrganization(reader), rows),
    rows,
    search.count,
  );
  await auditSearch(deps, reader, origin, 'QuestionnaireResponse', search, result.resources);
  return result;
}

/**
 * The (instrument, scale) pairs a code search stands for: every scale of the organization's
 * instruments coded so (LOINC where the instrument has it, else Rapport's scale code).
 */
async function scalesOfCode(
  db: Executor,
  organizationId: string,
  code: NonNullable<FhirSearch['code']>,
) {
  const scales: { instrumentId: string; scaleId: string }[] = [];
  for (const definition of (await loadInstrumentCatalogue(db, organizationId)).values()) {
    for (const scale of definition.scales) {
      const coding = scale.coding ?? { system: scaleCodeSystem(definition.id), code: scale.id };
      if (coding.code === code.code && (code.system === undefined || code.system === coding.system))
        scales.push({ instrumentId: definition.id, scaleId: scale.id });
    }
  }
  return scales;
}

export async function searchObservations(
  deps: FhirDeps,
  reader: FhirReader,
  search: FhirSearch,
  origin: RequestOrigin,
): Promise<FhirPage<FhirObservation>> {
  const organizationId = readerOrganization(reader);
  const scales =
    search.code === undefined
      ? undefined
      : await scalesOfCode(deps.db, organizationId, search.code);
  const rows = await listFhirScores(
    deps.db,
    reader,
    { ...search, ...(scales && { scales }) },
    search.count + 1,
  );
  const result = page(await toObservations(deps, organizationId, rows), rows, search.count);
  await auditSearch(deps, reader, origin, 'Observation', search, result.resources);
  return result;
}

/**
 * The organization's instruments (current versions, by id), narrowed by url and version; a
 * version other than the current one is found among the imported versions when it is held.
 */
export async function searchQuestionnaires(
  deps: FhirDeps,
  reader: FhirReader,
  search: FhirSearch,
  origin: RequestOrigin,
): Promise<FhirPage<FhirQuestionnaire>> {
  const organizationId = readerOrganization(reader);
  const catalogue = [...(await loadInstrumentCatalogue(deps.db, organizationId)).values()];
  let definitions = catalogue.filter(
    (d) => search.url === undefined || questionnaireUrl(d.id) === search.url,
  );
  if (search.version !== undefined) {
    const version = search.version;
    const held: InstrumentDefinition[] = [];
    for (const d of definitions) {
      if (d.version === version) held.push(d);
      else {
        const stored = await findInstrumentDefinition(deps.db, organizationId, d.id, version);
        if (stored) held.push(stored.definition);
      }
    }
    definitions = held;
  }
  const after = search.after;
  const rows = definitions
    .map((d) => ({ id: d.id, submittedAt: '', definition: d }))
    .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    .filter((row) => after === undefined || row.id > after.id)
    .slice(0, search.count + 1);
  const result = page(
    rows.map((row) => toFhirQuestionnaire(row.definition)),
    rows,
    search.count,
  );
  await auditSearch(deps, reader, origin, 'Questionnaire', search, result.resources);
  return result;
}
