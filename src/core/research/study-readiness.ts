/**
 * What a study needs before it may start recruiting (METHODS.md, "Research workflow": no
 * participant is approached before the ethics approval and a consent text exist). Returns
 * the reason it may not start, or null when it may.
 */
export function recruitingProblem(study: {
  ethicsReference: string;
  ethicsApprovedOn: string | null;
  consentVersions: number;
}): string | null {
  if (study.ethicsReference.trim() === '' || study.ethicsApprovedOn === null)
    return 'A study starts recruiting only with its ethics approval reference and date.';
  if (study.consentVersions === 0)
    return 'A study starts recruiting only with a consent version to sign.';
  return null;
}

/**
 * Why a study's measures are refused, or null: a measure at sessions names at least one
 * session, one at enrolment names none, and no instrument is asked twice of the same
 * respondent at the same point (the same session or enrolment), so nobody is asked twice.
 */
export function measuresProblem(
  measures: readonly {
    instrumentId: string;
    respondent: string;
    timing: 'enrolment' | 'sessions';
    sessionNumbers: readonly number[];
  }[],
): { index: number; message: string } | null {
  const asked = new Set<string>();
  for (const [index, m] of measures.entries()) {
    if (m.timing === 'sessions' && m.sessionNumbers.length === 0)
      return { index, message: 'A measure at sessions names at least one session number.' };
    if (m.timing === 'enrolment' && m.sessionNumbers.length > 0)
      return { index, message: 'A measure at enrolment names no session numbers.' };
    const points = m.timing === 'enrolment' ? ['enrolment'] : m.sessionNumbers.map(String);
    for (const point of points) {
      const key = `${m.instrumentId}|${m.respondent}|${point}`;
      if (asked.has(key))
        return {
          index,
          message: `${m.instrumentId} is asked of the ${m.respondent} twice at ${point === 'enrolment' ? 'enrolment' : `session ${point}`}.`,
        };
      asked.add(key);
    }
  }
  return null;
}
