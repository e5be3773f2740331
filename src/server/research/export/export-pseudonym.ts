import { createHmac, hkdfSync } from 'node:crypto';

const SALT = Buffer.from('rapport export-pseudonym salt v1', 'utf8');

/**
 * The key behind a study's export pseudonyms: HKDF-SHA-256 over the instance secret with the
 * study in the info string, so each study has its own key and a participant's pseudonyms in
 * two studies cannot be linked. It is derived when needed and never stored or exported.
 * Rotating the instance secret gives new pseudonyms (docs/research.md, "Export").
 */
export function exportPseudonymKey(instanceSecret: string, studyId: string): Buffer {
  if (instanceSecret.length === 0) throw new Error('The instance secret is empty');
  return Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(instanceSecret, 'utf8'),
      SALT,
      `rapport export-pseudonym v1 ${studyId}`,
      32,
    ),
  );
}

/** A participant's stable pseudonym in the study's exports: `P` and 16 hex digits of HMAC. */
export function exportPseudonym(key: Buffer, participantId: string): string {
  return `P${createHmac('sha256', key).update(participantId).digest('hex').slice(0, 16)}`;
}
