/**
 * Which audio format a file is, from its first bytes (its "magic number"), never from its
 * name or the type a browser claims: a PNG renamed .mp3 is still a PNG. The signatures are
 * those of each format's specification: ID3v2 tag or an MPEG audio frame sync (ISO/IEC
 * 11172-3), RIFF/WAVE (Microsoft RIFF), OggS (RFC 3533), fLaC (RFC 9639), an ISO base media
 * `ftyp` box (ISO/IEC 14496-12; M4A and MP4) and the EBML header of WebM/Matroska.
 */
export const AUDIO_MEDIA_TYPES = [
  'audio/mpeg',
  'audio/wav',
  'audio/ogg',
  'audio/flac',
  'audio/mp4',
  'audio/webm',
] as const;
export type AudioMediaType = (typeof AUDIO_MEDIA_TYPES)[number];

/** How many leading bytes `detectAudioType` needs to decide. */
export const AUDIO_SIGNATURE_BYTES = 12;

const ascii = (bytes: Uint8Array, from: number, text: string) =>
  [...text].every((c, i) => bytes[from + i] === c.charCodeAt(0));

/** The audio type of a file starting with `head`, or null when it is not one we accept. */
export function detectAudioType(head: Uint8Array): AudioMediaType | null {
  if (ascii(head, 0, 'ID3')) return 'audio/mpeg';
  // An MPEG audio frame: 11 sync bits, a version that is not reserved (01) and a layer
  // that is not reserved (00: that is ADTS AAC, not MPEG audio).
  if (
    head.length >= 2 &&
    head[0] === 0xff &&
    (head[1]! & 0xe0) === 0xe0 &&
    (head[1]! & 0x18) !== 0x08 &&
    (head[1]! & 0x06) !== 0
  )
    return 'audio/mpeg';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE')) return 'audio/wav';
  if (ascii(head, 0, 'OggS')) return 'audio/ogg';
  if (ascii(head, 0, 'fLaC')) return 'audio/flac';
  if (ascii(head, 4, 'ftyp')) return 'audio/mp4';
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3)
    return 'audio/webm';
  return null;
}
