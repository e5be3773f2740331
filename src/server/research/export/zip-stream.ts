import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Zip, ZipDeflate } from 'fflate';

/** What the manifest says of one file of the ZIP. */
export interface ZipFileReport {
  name: string;
  bytes: number;
  sha256: string;
}

export interface ZipFileWriter {
  /** Adds text to the file; waits while the reader of the ZIP is behind. */
  write(text: string): Promise<void>;
  /** Ends the file and gives its size and SHA-256 (of the uncompressed bytes). */
  end(): Promise<ZipFileReport>;
}

/**
 * A ZIP written as a stream to `out`, one file after another (fflate's streaming Zip):
 * each piece is compressed and handed on as it is written, and a write waits for `out` to
 * drain, so memory holds a page of rows, never a whole file. Files are written one at a
 * time: fflate buffers a second file until the first ends.
 */
export function zipStream(out: Writable) {
  let failure: Error | null = null;
  const zip = new Zip((error, chunk, final) => {
    if (error) {
      failure = error;
      return;
    }
    out.write(chunk);
    if (final) out.end();
  });
  const drained = async () => {
    if (failure) throw failure;
    if (out.writableNeedDrain) await once(out, 'drain');
  };
  return {
    file(name: string): ZipFileWriter {
      const entry = new ZipDeflate(name, { level: 6 });
      zip.add(entry);
      const hash = createHash('sha256');
      let bytes = 0;
      return {
        async write(text) {
          if (text === '') return;
          const data = Buffer.from(text, 'utf8');
          hash.update(data);
          bytes += data.length;
          entry.push(data);
          await drained();
        },
        async end() {
          entry.push(new Uint8Array(0), true);
          await drained();
          return { name, bytes, sha256: hash.digest('hex') };
        },
      };
    },
    async end(): Promise<void> {
      zip.end();
      if (failure) throw failure;
      if (!out.writableFinished) await once(out, 'finish');
    },
  };
}
