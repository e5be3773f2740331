import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { AppError, badRequest, notFound } from '../../core/app-error.ts';
import { toFhirQuestionnaire } from '../../core/fhir/to-fhir-questionnaire.ts';
import {
  bundledInstruments,
  findBundledInstrument,
} from '../../core/instruments/bundled-instruments.ts';
import type { InstrumentDefinition } from '../../core/instruments/instrument-definition.ts';
import { type CliIo, writeLine } from '../cli-io.ts';
import { parseOptions } from '../parse-options.ts';

const importOptionsSchema = z.object({
  organization: z.string().trim().min(1).optional(),
  db: z.string().min(1).optional(),
  checkOnly: z.boolean().optional(),
});

export function register(program: Command, io: CliIo): void {
  const instruments = program
    .command('instruments')
    .description('List, show (also as FHIR) and import questionnaires');

  instruments
    .command('list')
    .description('The bundled instruments')
    .option('--json', 'as JSON: [{id, version, title, perspective, items, scales}]')
    .action((options: { json?: boolean }) => {
      if (options.json === true) {
        writeLine(io.stdout, JSON.stringify(bundledInstruments.map(summarise)));
        return;
      }
      for (const d of bundledInstruments) {
        writeLine(
          io.stdout,
          `${d.id.padEnd(18)} ${d.version.padEnd(7)} ${d.perspective.padEnd(13)} ${d.title}`,
        );
      }
    });

  instruments
    .command('show')
    .description('One instrument: items, scales, scoring rules, licence')
    .argument('<id>', 'instrument id, e.g. phq-9')
    .option('--fhir', 'as a FHIR R4 Questionnaire')
    .option('--json', 'as Rapport’s definition JSON')
    .action((id: string, options: { fhir?: boolean; json?: boolean }) => {
      const definition = findBundledInstrument(id);
      if (definition === undefined) {
        throw new AppError('not_found', `unknown instrument "${id}"`, [
          {
            path: 'id',
            message: `must be one of ${bundledInstruments.map((d) => d.id).join(', ')}`,
          },
        ]);
      }
      if (options.fhir === true) {
        writeLine(io.stdout, JSON.stringify(toFhirQuestionnaire(definition), null, 2));
      } else if (options.json === true) {
        writeLine(io.stdout, JSON.stringify(definition, null, 2));
      } else {
        for (const line of describe(definition)) writeLine(io.stdout, line);
      }
    });

  instruments
    .command('import')
    .description('Validate a site’s own instrument file (e.g. a licensed ORS/SRS) and store it')
    .argument('<file>', 'the instrument definition, JSON')
    .option('--organization <slug>', 'the organization that holds the licence')
    .option(
      '--db <file>',
      'SQLite database file (default: <RAPPORT_DATA_DIR>/rapport.db, or DATABASE_URL)',
    )
    .option('--check-only', 'validate and report, store nothing')
    .action(async (file: string, raw: unknown) => {
      const options = parseOptions(importOptionsSchema, raw);
      // The database layer is loaded only here, so `list`, `show` and `score` start fast.
      const [{ validateInstrumentImport, importInstrumentDefinition }, { systemClock }] =
        await Promise.all([
          import('../../server/instruments/instrument.service.ts'),
          import('../../server/clock.ts'),
        ]);
      const [{ findOrganizationBySlug }, { openConfiguredDatabase }] = await Promise.all([
        import('../../server/organizations/organization.repository.ts'),
        import('../open-configured-database.ts'),
      ]);
      const input = await readDefinitionFile(file);
      if (options.checkOnly === true) {
        const definition = validateInstrumentImport(input);
        writeLine(io.stdout, `${file}: ${definition.id} ${definition.version} is valid.`);
        return;
      }
      if (options.organization === undefined) {
        throw badRequest('--organization is required to store an instrument', [
          {
            path: '--organization',
            message: 'the slug of the organization that holds the licence',
          },
        ]);
      }
      // Validate before opening the database, so a bad file never touches it.
      validateInstrumentImport(input);
      const { database } = await openConfiguredDatabase(
        options.db ? { sqliteFile: options.db } : {},
      );
      try {
        const organization = await findOrganizationBySlug(database.db, options.organization);
        if (organization === undefined) throw notFound(`organization "${options.organization}"`);
        const definition = await importInstrumentDefinition(
          database.db,
          systemClock,
          { organizationId: organization.id, definition: input },
          { type: 'cli', id: null },
        );
        writeLine(
          io.stdout,
          `Imported ${definition.id} ${definition.version} (${definition.items.length} items) for ${organization.slug}.`,
        );
      } finally {
        await database.close();
      }
    });
}

/** The `instruments list --json` shape (a contract: tests depend on it). */
function summarise(definition: InstrumentDefinition) {
  const language = definition.languages[0] as string;
  return {
    id: definition.id,
    version: definition.version,
    title: definition.title,
    perspective: definition.perspective,
    items: definition.items.map((item) => ({ id: item.id, text: item.text[language] })),
    scales: definition.scales.map((scale) => scale.id),
  };
}

function describe(d: InstrumentDefinition): string[] {
  const language = d.languages[0] as string;
  const sets = new Map(d.responseSets.map((s) => [s.id, s]));
  const lines = [
    `${d.title} — ${d.id} ${d.version} (${d.perspective}${d.standardised ? '' : ', non-standardised'})`,
    `Citation: ${d.citation}`,
    `Licence (${d.licence.class}): ${d.licence.text}`,
  ];
  if (d.instructions !== undefined) lines.push('', d.instructions[language] as string);
  lines.push('');
  for (const item of d.items) {
    const reverse = item.reverse === true ? ' (reverse-keyed)' : '';
    lines.push(`${item.id.padStart(3)}. ${item.text[language]}${reverse}`);
    if (item.type === 'choice') {
      const options = sets.get(item.responses as string)?.options ?? [];
      lines.push(`     ${options.map((o) => `${o.value} ${o.label[language]}`).join(' · ')}`);
    } else {
      lines.push('     (free text)');
    }
  }
  lines.push('', 'Scales:');
  for (const s of d.scales) {
    lines.push(
      `  ${s.id}: ${s.method} of items ${s.items.join(', ')}${s.multiplier ? ` × ${s.multiplier}` : ''}, ${s.range.min}–${s.range.max}; up to ${s.missing.maxMissing} missing (${s.missing.source})`,
    );
  }
  for (const b of d.bands) {
    lines.push(
      `  bands of ${b.scale}: ${b.levels.map((l) => `${l.min}+ ${l.label}`).join(', ')} (${b.source})`,
    );
  }
  for (const f of d.flags)
    lines.push(`  flag "${f.id}": item ${f.item} ${f.operator} ${f.value} — ${f.description}`);
  return lines;
}

async function readDefinitionFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw badRequest(`cannot read ${file}`, [
      { path: '<file>', message: 'no such file, or not readable' },
    ]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequest(`${file} is not valid JSON`, [
      { path: '(file)', message: (error as Error).message },
    ]);
  }
}
