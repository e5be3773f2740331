import { describe, expect, it } from 'vitest';
import { inlinePlainText, parseMarkdown, safeLinkHref } from './markdown-text.ts';

const text = (t: string) => ({ kind: 'text', text: t });

describe('parseMarkdown', () => {
  it('reads headings, paragraphs and lists with accents', () => {
    expect(
      parseMarkdown(
        '# Estudio de la alianza\n\nUsted puede **retirarse**\ncuando quiera.\n\n- Sesión 3\n- Sesión 5\n\n1. Leer\n2) Firmar\n\n#### Deep',
      ),
    ).toEqual([
      { kind: 'heading', level: 1, content: [text('Estudio de la alianza')] },
      {
        kind: 'paragraph',
        content: [
          text('Usted puede '),
          { kind: 'strong', children: [text('retirarse')] },
          text(' cuando quiera.'),
        ],
      },
      { kind: 'list', ordered: false, items: [[text('Sesión 3')], [text('Sesión 5')]] },
      { kind: 'list', ordered: true, items: [[text('Leer')], [text('Firmar')]] },
      { kind: 'heading', level: 3, content: [text('Deep')] },
    ]);
  });

  it('reads emphasis, escapes and leaves snake_case and a lone star as text', () => {
    expect(parseMarkdown('*one* _two_ snake_case_name 2 * 3 \\*not\\*')).toEqual([
      {
        kind: 'paragraph',
        content: [
          { kind: 'emphasis', children: [text('one')] },
          text(' '),
          { kind: 'emphasis', children: [text('two')] },
          text(' snake_case_name 2 * 3 *not*'),
        ],
      },
    ]);
  });

  it('links only to http, https and mailto; any other target is shown as its text', () => {
    expect(
      parseMarkdown(
        '[site](https://example.org/a?b=1) [mail](mailto:study@example.org) [x](javascript:alert(1)) [y](data:text/html,hi) [z](//evil.example)',
      ),
    ).toEqual([
      {
        kind: 'paragraph',
        content: [
          { kind: 'link', href: 'https://example.org/a?b=1', children: [text('site')] },
          text(' '),
          { kind: 'link', href: 'mailto:study@example.org', children: [text('mail')] },
          text(' x) y z'),
        ],
      },
    ]);
  });

  it('keeps markup as text: nothing it returns is anything but text, marks and safe links', () => {
    const blocks = parseMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)>');
    expect(blocks).toEqual([
      {
        kind: 'paragraph',
        content: [text('<script>alert(1)</script> <img src=x onerror=alert(1)>')],
      },
    ]);
    expect(inlinePlainText(blocks[0]!.kind === 'paragraph' ? blocks[0]!.content : [])).toBe(
      '<script>alert(1)</script> <img src=x onerror=alert(1)>',
    );
  });
});

describe('safeLinkHref', () => {
  it.each([
    ['https://example.org', 'https://example.org/'],
    ['  HTTP://example.org/x ', 'http://example.org/x'],
    ['mailto:a@example.org', 'mailto:a@example.org'],
    ['javascript:alert(1)', null],
    ['JaVaScRiPt:alert(1)', null],
    ['vbscript:x', null],
    ['/relative', null],
    ['https://', null],
  ])('%s → %s', (href, expected) => expect(safeLinkHref(href)).toBe(expected));
});
