import { generateSecret, generateURI, verify } from 'otplib';

/** A new TOTP secret: 20 random bytes (160 bits, RFC 4226 §4's recommendation), base32. */
export const newTotpSecret = (): string => generateSecret({ length: 20 });

/** The otpauth:// address an authenticator app reads from the QR code. */
export const totpUri = (email: string, secret: string): string =>
  generateURI({ issuer: 'Rapport', label: email, secret });

/**
 * Checks a 6-digit code at `now`, allowing one 30-second step of clock drift either way
 * (RFC 6238 §5.2), and refusing any step at or before `afterTimeStep` so that a code
 * cannot be used twice. Returns the matched time step, or null.
 */
export async function checkTotpCode(
  secret: string,
  code: string,
  now: Date,
  afterTimeStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const result = await verify({
      secret,
      token: code,
      epoch: Math.floor(now.getTime() / 1000),
      epochTolerance: 30,
      ...(afterTimeStep !== null && { afterTimeStep }),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    return null;
  }
}
