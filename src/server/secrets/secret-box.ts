import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encrypts small values at rest (TOTP secrets, and anything later that must not be readable
 * from a copy of the database) with a key derived from the instance secret (RAPPORT_SECRET).
 *
 * Key: HKDF-SHA-256 over the instance secret, with a fixed salt and a purpose-specific info
 * string (`rapport secret-box v1 <purpose>`), so each purpose gets its own key. Cipher:
 * AES-256-GCM, a random 96-bit IV per value, the purpose bound in as associated data.
 * Stored form: `v1:<keyId>:<iv>:<ciphertext+tag>`, each part base64url. The key id is the
 * first 8 bytes of SHA-256 over the derived key: it says which secret a value was sealed
 * under (for rotation) without revealing anything that helps guess the secret.
 */
export interface SecretBox {
  readonly keyId: string;
  seal(plaintext: string): string;
  open(sealed: string): string;
}

const VERSION = 'v1';
const SALT = Buffer.from('rapport secret-box salt v1', 'utf8');

export class SecretBoxError extends Error {}

export function isSealed(value: string): boolean {
  return value.startsWith(`${VERSION}:`);
}

/** The key id a sealed value names, or undefined for a plain value. */
export function sealedKeyId(value: string): string | undefined {
  if (!isSealed(value)) return undefined;
  return value.split(':')[1];
}

/**
 * A 256-bit key of its own for one purpose, derived from the instance secret (HKDF-SHA-256),
 * and its key id. Also the key of the recordings' file format (research/recordings).
 */
export function derivePurposeKey(
  instanceSecret: string,
  purpose: string,
): { key: Buffer; keyId: string } {
  if (instanceSecret.length === 0) throw new SecretBoxError('The instance secret is empty');
  if (!/^[a-z][a-z0-9.-]*$/.test(purpose)) throw new SecretBoxError(`Bad purpose: ${purpose}`);
  const key = Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(instanceSecret, 'utf8'),
      SALT,
      `rapport secret-box ${VERSION} ${purpose}`,
      32,
    ),
  );
  const keyId = createHash('sha256').update(key).digest().subarray(0, 8).toString('base64url');
  return { key, keyId };
}

export function createSecretBox(instanceSecret: string, purpose: string): SecretBox {
  const { key, keyId } = derivePurposeKey(instanceSecret, purpose);
  const aad = Buffer.from(purpose, 'utf8');
  return {
    keyId,
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad);
      const body = Buffer.concat([
        cipher.update(plaintext, 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return [VERSION, keyId, iv.toString('base64url'), body.toString('base64url')].join(':');
    },
    open(sealed) {
      const parts = sealed.split(':');
      if (parts.length !== 4 || parts[0] !== VERSION)
        throw new SecretBoxError('Not a sealed value');
      if (parts[1] !== keyId) throw new SecretBoxError('Sealed under another secret');
      const iv = Buffer.from(parts[2]!, 'base64url');
      const body = Buffer.from(parts[3]!, 'base64url');
      if (iv.length !== 12 || body.length < 16) throw new SecretBoxError('Not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(aad);
      decipher.setAuthTag(body.subarray(body.length - 16));
      try {
        return Buffer.concat([
          decipher.update(body.subarray(0, body.length - 16)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new SecretBoxError('The sealed value does not open with this secret');
      }
    },
  };
}
