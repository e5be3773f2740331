import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
  scrypt,
  type ScryptOptions,
} from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform, type TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { AppError } from '../../core/app-error.ts';

/**
 * The backup file (docs/operations.md, "The backup file"): a magic line, one line of JSON
 * header, then the payload — a SQLite database file or a `pg_dump --format=custom` archive,
 * encrypted or not. The header's SHA-256 covers the payload bytes exactly as stored, so a
 * damaged or truncated file is found without the passphrase.
 */
export const BACKUP_MAGIC = 'RAPPORT-BACKUP/1\n';
const MAX_HEADER_BYTES = 16 * 1024;

/**
 * scrypt at N=2^17, r=8, p=1: 128 MiB of memory per guess (OWASP's recommended setting),
 * about half a second on one core. Stored in the header so a later version can raise it.
 */
export const SCRYPT_PARAMETERS = { n: 2 ** 17, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

export type BackupProgress = (event: { step: string; done?: number; total?: number }) => void;

const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);

const encryptionSchema = z.object({
  cipher: z.literal('aes-256-gcm'),
  kdf: z.literal('scrypt'),
  // Bounded so a forged header cannot make restore ask for gigabytes of memory.
  n: z
    .number()
    .int()
    .min(2 ** 14)
    .max(2 ** 20)
    .refine((n) => (n & (n - 1)) === 0, 'must be a power of two'),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: base64,
  iv: base64,
  tag: base64,
});

export const backupHeaderSchema = z.object({
  format: z.literal(1),
  rapportVersion: z.string().min(1).max(50),
  schemaVersion: z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9-]+$/),
  dialect: z.enum(['sqlite', 'postgres']),
  payloadFormat: z.enum(['sqlite3', 'pg_dump-custom']),
  createdAt: z.iso.datetime(),
  payloadBytes: z.number().int().min(1),
  payloadSha256: z.string().regex(/^[0-9a-f]{64}$/),
  encryption: encryptionSchema.nullable(),
});

export type BackupHeader = z.infer<typeof backupHeaderSchema>;
export type BackupIdentity = Pick<
  BackupHeader,
  'rapportVersion' | 'schemaVersion' | 'dialect' | 'payloadFormat' | 'createdAt'
>;

export interface OpenedBackup {
  header: BackupHeader;
  /** Where the payload starts in the file. */
  payloadOffset: number;
}

const damaged = (why: string) =>
  new AppError('validation', `the backup is damaged or incomplete: ${why}; nothing was changed`);

/**
 * Authenticated with the payload (GCM's additional data), so a header edited to claim
 * another schema or dialect fails decryption instead of being believed.
 */
function additionalData(identity: BackupIdentity): Buffer {
  const { rapportVersion, schemaVersion, dialect, payloadFormat, createdAt } = identity;
  return Buffer.from(
    JSON.stringify({ rapportVersion, schemaVersion, dialect, payloadFormat, createdAt }),
  );
}

function deriveKey(
  passphrase: string,
  salt: Buffer,
  params: { n: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.n,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.n * params.r + 1024 * 1024,
  };
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, KEY_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** A pass-through stream that hashes what flows and reports progress. */
class Meter extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  constructor(private readonly report: (bytes: number) => void = () => {}) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.report(this.bytes);
    done(null, chunk);
  }
}

/** A sink for a stream read only for its hash. */
const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

const reporter = (onProgress: BackupProgress | undefined, step: string, total: number) =>
  onProgress ? (done: number) => onProgress({ step, done, total }) : undefined;

/**
 * Writes `payloadFile` as a backup at `out` (owner-only), encrypting it first when a
 * passphrase is given; `scratch` is a path for the encrypted payload. Returns the header.
 */
export async function writeBackupFile(options: {
  out: string;
  identity: BackupIdentity;
  payloadFile: string;
  scratch: string;
  passphrase: string | undefined;
  onProgress?: BackupProgress | undefined;
}): Promise<BackupHeader> {
  const { identity, passphrase, onProgress } = options;
  let stored = options.payloadFile;
  let encryption: BackupHeader['encryption'] = null;
  const plainBytes = (await stat(options.payloadFile)).size;
  if (passphrase !== undefined) {
    onProgress?.({ step: 'Deriving the key' });
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const key = await deriveKey(passphrase, salt, SCRYPT_PARAMETERS);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(additionalData(identity));
    await pipeline(
      createReadStream(options.payloadFile),
      new Meter(reporter(onProgress, 'Encrypting', plainBytes)),
      cipher,
      createWriteStream(options.scratch, { mode: 0o600 }),
    );
    encryption = {
      cipher: 'aes-256-gcm',
      kdf: 'scrypt',
      ...SCRYPT_PARAMETERS,
      salt: salt.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
    stored = options.scratch;
  }
  const storedBytes = (await stat(stored)).size;
  const meter = new Meter(reporter(onProgress, 'Checksumming', storedBytes));
  await pipeline(createReadStream(stored), meter, discard());
  const header: BackupHeader = {
    format: 1,
    ...identity,
    payloadBytes: storedBytes,
    payloadSha256: meter.hash.digest('hex'),
    encryption,
  };
  const out = createWriteStream(options.out, { mode: 0o600, flags: 'wx' });
  out.write(BACKUP_MAGIC);
  out.write(`${JSON.stringify(header)}\n`);
  await pipeline(
    createReadStream(stored),
    new Meter(reporter(onProgress, 'Writing', storedBytes)),
    out,
  );
  return header;
}

/** Reads and checks the header, and that the file holds exactly the payload it announces. */
export async function openBackupFile(file: string): Promise<OpenedBackup> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    throw new AppError('validation', `cannot read the backup file ${file}`);
  }
  try {
    const start = Buffer.alloc(MAX_HEADER_BYTES);
    const { bytesRead } = await handle.read(start, 0, start.length, 0);
    const text = start.subarray(0, bytesRead).toString('latin1');
    if (!text.startsWith(BACKUP_MAGIC))
      throw new AppError('validation', `${file} is not a Rapport backup`);
    const end = text.indexOf('\n', BACKUP_MAGIC.length);
    if (end < 0) throw damaged('its header is cut short');
    const headerBytes = start.subarray(BACKUP_MAGIC.length, end);
    let parsed: unknown;
    try {
      parsed = JSON.parse(headerBytes.toString('utf8'));
    } catch {
      throw damaged('its header is not readable');
    }
    const result = backupHeaderSchema.safeParse(parsed);
    if (!result.success) throw damaged('its header is not readable');
    const payloadOffset = end + 1;
    const size = (await handle.stat()).size;
    const found = size - payloadOffset;
    if (found !== result.data.payloadBytes)
      throw damaged(`expected ${result.data.payloadBytes} bytes of data, found ${found}`);
    return { header: result.data, payloadOffset };
  } finally {
    await handle.close();
  }
}

/** Hashes the stored payload and compares it with the header's SHA-256. */
export async function checkBackupHash(
  file: string,
  opened: OpenedBackup,
  onProgress?: BackupProgress,
): Promise<void> {
  const { header, payloadOffset } = opened;
  const meter = new Meter(reporter(onProgress, 'Checking', header.payloadBytes));
  await pipeline(createReadStream(file, { start: payloadOffset }), meter, discard());
  if (meter.hash.digest('hex') !== header.payloadSha256)
    throw damaged('its SHA-256 does not match its content');
}

/**
 * Writes the payload, decrypted when the backup is encrypted, to `to` (owner-only). Check
 * the hash first: then a failed decryption means the passphrase is wrong.
 */
export async function extractPayload(
  file: string,
  opened: OpenedBackup,
  to: string,
  passphrase: string | undefined,
  onProgress?: BackupProgress,
): Promise<void> {
  const { header, payloadOffset } = opened;
  const source = createReadStream(file, { start: payloadOffset });
  const sink = createWriteStream(to, { mode: 0o600 });
  if (!header.encryption) {
    await pipeline(source, new Meter(reporter(onProgress, 'Copying', header.payloadBytes)), sink);
    return;
  }
  if (passphrase === undefined)
    throw new AppError(
      'validation',
      'the backup is encrypted: give its passphrase on standard input',
    );
  const { salt, iv, tag, n, r, p } = header.encryption;
  onProgress?.({ step: 'Deriving the key' });
  const key = await deriveKey(passphrase, Buffer.from(salt, 'base64'), { n, r, p });
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAAD(additionalData(header));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  try {
    await pipeline(
      source,
      new Meter(reporter(onProgress, 'Decrypting', header.payloadBytes)),
      decipher,
      sink,
    );
  } catch (error) {
    if (error instanceof Error && /authenticate/i.test(error.message))
      throw new AppError(
        'validation',
        'wrong passphrase (or the backup was altered after it was made); nothing was changed',
      );
    throw error;
  }
}
