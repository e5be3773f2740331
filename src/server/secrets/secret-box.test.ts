import { describe, expect, it } from 'vitest';
import { createSecretBox, isSealed, SecretBoxError, sealedKeyId } from './secret-box.ts';

const base32 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('secret box', () => {
  it('seals to a versioned value that does not contain the plaintext and opens it again', () => {
    const box = createSecretBox('instance-secret-one', 'totp');
    const sealed = box.seal(base32);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]{11}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(base32);
    expect(isSealed(sealed)).toBe(true);
    expect(isSealed(base32)).toBe(false);
    expect(sealedKeyId(sealed)).toBe(box.keyId);
    expect(box.open(sealed)).toBe(base32);
  });

  it('uses a fresh IV each time', () => {
    const box = createSecretBox('instance-secret-one', 'totp');
    expect(box.seal(base32)).not.toBe(box.seal(base32));
  });

  it('does not open with another secret or for another purpose', () => {
    const sealed = createSecretBox('instance-secret-one', 'totp').seal(base32);
    const other = createSecretBox('instance-secret-two', 'totp');
    expect(other.keyId).not.toBe(createSecretBox('instance-secret-one', 'totp').keyId);
    expect(() => other.open(sealed)).toThrow(SecretBoxError);
    // Same key id forged onto the value: the tag still fails.
    const forged = sealed.replace(/^v1:[^:]+:/, `v1:${other.keyId}:`);
    expect(() => other.open(forged)).toThrow('does not open with this secret');
    expect(() => createSecretBox('instance-secret-one', 'webhook').open(sealed)).toThrow(
      SecretBoxError,
    );
  });

  it('refuses a tampered or malformed value', () => {
    const box = createSecretBox('instance-secret-one', 'totp');
    const sealed = box.seal(base32);
    const parts = sealed.split(':');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    expect(() => box.open([...parts.slice(0, 3), body.toString('base64url')].join(':'))).toThrow(
      SecretBoxError,
    );
    expect(() => box.open(base32)).toThrow('Not a sealed value');
    expect(() => box.open(`v1:${box.keyId}:AA:AA`)).toThrow('Not a sealed value');
  });

  it('refuses an empty secret or a bad purpose', () => {
    expect(() => createSecretBox('', 'totp')).toThrow(SecretBoxError);
    expect(() => createSecretBox('s', 'Bad Purpose')).toThrow(SecretBoxError);
  });
});
