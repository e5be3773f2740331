import { describe, expect, it } from 'vitest';
import { detectAudioType } from './audio-signature.ts';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(
    parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)),
  );

// The first bytes of each format, as its specification (or a file written by ffmpeg) begins.
describe('detectAudioType', () => {
  it.each([
    ['an ID3v2-tagged MP3', bytes('ID3', [4, 0, 0, 0, 0, 0, 0]), 'audio/mpeg'],
    ['an MP3 frame (MPEG-1 layer III)', bytes([0xff, 0xfb, 0x90, 0x64]), 'audio/mpeg'],
    ['a WAV file', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), 'audio/wav'],
    ['an Ogg stream', bytes('OggS', [0, 2, 0, 0, 0, 0, 0, 0]), 'audio/ogg'],
    ['a FLAC stream', bytes('fLaC', [0, 0, 0, 0x22]), 'audio/flac'],
    ['an M4A file', bytes([0, 0, 0, 0x20], 'ftypM4A '), 'audio/mp4'],
    ['a WebM file', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42]), 'audio/webm'],
  ])('recognises %s', (_, head, type) => {
    expect(detectAudioType(head)).toBe(type);
  });

  it.each([
    ['a PNG renamed .mp3', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a])],
    ['a PDF', bytes('%PDF-1.7')],
    ['an AVI (RIFF but not WAVE)', bytes('RIFF', [0, 0, 0, 0], 'AVI LIST')],
    ['ADTS AAC (frame sync with layer 00)', bytes([0xff, 0xf1, 0x50, 0x80])],
    ['text', bytes('hello, world')],
    ['nothing', bytes()],
  ])('refuses %s', (_, head) => {
    expect(detectAudioType(head)).toBeNull();
  });
});
