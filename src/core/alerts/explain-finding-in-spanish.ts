import type { AllianceScale } from '../alliance/alliance-case-history.ts';
import type { AllianceFinding, ScorePoint } from '../alliance/alliance-finding.ts';
import {
  formatParameter,
  formatScore,
  ruptureSdSource,
} from '../alliance/describe-alliance-values.ts';

/**
 * The Spanish twin of the engine's English explanation: one plain-language sentence per
 * finding, built from the finding's evidence and parameters only (never from free text),
 * so it says the same numbers as the English one. Usted form, as in the rest of the
 * Spanish interface.
 */
export function explainFindingInSpanish(finding: AllianceFinding): string {
  switch (finding.type) {
    case 'rupture': {
      const e = finding.evidence;
      const { rupture, repair } = finding.parameters;
      const name = scaleName(e.scale);
      const from = formatScore(e.baseline);
      const to = formatScore(e.score);
      const k = formatParameter(rupture.k);
      const why =
        e.method === 'absolute-drop'
          ? `una caída de al menos ${formatParameter(rupture.fallbackDrop)} punto, pues aún es pronto para conocer la variación habitual de este cliente`
          : ruptureSdSource(e) === 'own'
            ? `más de ${k} × la variación habitual de este cliente`
            : `más de ${k} × la dispersión habitual de la alianza entre clientes (mayor que la variación propia de este cliente)`;
      if (finding.status === 'repaired') {
        const back = e.repairedAt;
        return `${name} bajó de ${from} a ${to} tras la sesión ${finding.session} y volvió a ${formatScore(back?.score ?? 0)} en la sesión ${back?.session ?? finding.session}: una ruptura reparada, algo que suele acompañar a mejores resultados.`;
      }
      if (finding.status === 'unresolved')
        return `${name} cayó de ${from} a ${to} tras la sesión ${finding.session}, ${why}, y no se ha recuperado en las ${repair.horizon} sesiones siguientes: una ruptura sin reparar que conviene hablar con el cliente.`;
      return `${name} cayó de ${from} a ${to} tras la sesión ${finding.session}, ${why}.`;
    }
    case 'self-reported-rupture': {
      const { tension, resolution } = finding.evidence;
      if (finding.status === 'repaired')
        return `El cliente señaló tensión o desacuerdo en la sesión ${finding.session} (${tension} de 4) y sintió que se resolvió (${resolution ?? 0} de 4): una ruptura reparada en la propia sesión.`;
      const tail =
        resolution === null
          ? 'sin indicar si se resolvió'
          : `que sintió poco resuelto (${resolution} de 4)`;
      return `El cliente señaló tensión o desacuerdo en la sesión ${finding.session} (${tension} de 4) ${tail}; conviene retomarlo en la próxima sesión.`;
    }
    case 'disengagement': {
      const e = finding.evidence;
      const list = e.missedSessions.map(
        (m) =>
          `${m.attendance === 'no-show' ? 'una ausencia sin aviso' : 'una cancelación'} en la sesión ${m.session}`,
      );
      return `Después de la sesión ${e.ruptureSession}, en la que hubo una ruptura, ${list.length === 1 ? 'hubo' : 'hubo'} ${joinList(list)}: una señal de desvinculación; considere contactar con el cliente antes de la próxima cita.`;
    }
    case 'client-therapist-discrepancy': {
      const last = finding.evidence.sessions.at(-1);
      const scale = (last?.flaggedScales[0] ?? 'goal') as AllianceScale;
      const c = last?.client[scale] ?? 0;
      const t = last?.therapist[scale] ?? 0;
      const head = `${scaleName(scale)} tras la sesión ${last?.session ?? finding.session}: el cliente puntuó ${formatScore(c)} y usted ${formatScore(t)}, una diferencia de ${formatScore(Math.abs(c - t))} puntos`;
      if (finding.evidence.resolvedAtSession !== null)
        return `${head}; en la sesión ${finding.evidence.resolvedAtSession} sus puntos de vista se habían acercado.`;
      return c < t
        ? `${head}: quizá esté persiguiendo ${scale === 'task' ? 'tareas' : 'objetivos'} que no son los del cliente.`
        : `${head}: el cliente percibe más acuerdo que usted.`;
    }
    case 'split-alliance': {
      const last = finding.evidence.sessions.at(-1);
      const flagged = last?.flaggedScales ?? [];
      const scale = (flagged.includes('bond') ? 'bond' : (flagged[0] ?? 'total')) as AllianceScale;
      const values = (last?.members ?? [])
        .map((m) => m.scores[scale])
        .filter((v): v is number => v !== undefined);
      const head = `${scaleName(scale)} tras la sesión ${last?.session ?? finding.session} fue de ${formatScore(Math.min(...values))} a ${formatScore(Math.max(...values))} entre los ${values.length} miembros, una división de ${formatScore(last?.split[scale] ?? 0)} puntos`;
      return finding.evidence.resolvedAtSession === null
        ? `${head}: una alianza dividida; compruebe si algún miembro se siente menos escuchado.`
        : `${head}; en la sesión ${finding.evidence.resolvedAtSession} sus puntos de vista se habían vuelto a acercar.`;
    }
    case 'early-checkpoint': {
      const e = finding.evidence;
      const p = finding.parameters;
      const parts = [
        e.belowLevel
          ? `la alianza global más reciente (sesión ${e.latest.session}) fue ${formatScore(e.latest.score)}, por debajo del nivel del plan de ${formatScore(p.minimumLevel)}`
          : null,
        e.falling
          ? `bajó ${formatParameter(Math.abs(e.slope ?? 0))} puntos por sesión en las sesiones ${firstSession(e.scores)}–${e.latest.session}`
          : null,
      ].filter(Boolean);
      return `En la sesión ${p.bySession} la alianza aún no está establecida: ${parts.join(' y ')}.`;
    }
    case 'risk-item': {
      const e = finding.evidence;
      return `En la sesión ${finding.session} el cliente respondió ${e.answer} a la pregunta del ${e.instrumentId.toUpperCase()} sobre pensamientos de que estaría mejor muerto o de hacerse daño: valore el riesgo antes de la próxima sesión.`;
    }
    case 'not-on-track': {
      const e = finding.evidence;
      const name = e.instrumentId.toUpperCase();
      const last = e.points.at(-1);
      if (e.resolvedAtSession !== null)
        return `${name} estuvo fuera de la trayectoria esperada desde la sesión ${e.points[0]?.session ?? finding.session}, pero volvió al rango esperado en la sesión ${e.resolvedAtSession}.`;
      return `${name} fue ${formatParameter(last?.observed ?? 0)} en la sesión ${last?.session ?? finding.session}, peor que el ${formatParameter(last?.expected ?? 0)} ± ${formatParameter(finding.parameters.tolerance)} esperado para quien empezó en ${formatParameter(e.intake.score)}: no va según lo previsto.`;
    }
    case 'reliable-change': {
      const e = finding.evidence;
      const name = e.instrumentId.toUpperCase();
      const last = e.results.at(-1);
      const session = last?.session ?? finding.session;
      const change =
        last && last.pre !== null && last.post !== null ? ` (${last.pre} → ${last.post})` : '';
      if (e.category === 'deteriorated')
        return `${name} ha empeorado de forma fiable en la sesión ${session}${change}: más de lo que explica el error de medida; conviene revisar el plan.`;
      if (e.category === 'recovered')
        return `${name} muestra recuperación en la sesión ${session}${change}: mejora fiable hasta el rango saludable.`;
      return `${name} ha mejorado de forma fiable en la sesión ${session}${change}.`;
    }
  }
}

function scaleName(scale: AllianceScale): string {
  switch (scale) {
    case 'goal':
      return 'El acuerdo sobre los objetivos';
    case 'task':
      return 'El acuerdo sobre las tareas';
    case 'bond':
      return 'El vínculo';
    case 'total':
      return 'La alianza global';
  }
}

function firstSession(scores: readonly ScorePoint[]): number {
  return scores[0]?.session ?? 1;
}

function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} y ${items.at(-1)}`;
}
