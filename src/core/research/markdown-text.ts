/**
 * The small Markdown a consent information text is written in, parsed to plain data that
 * a renderer turns into elements (src/web/components/markdown-text.tsx) or lines of a PDF.
 * There is no HTML in or out: the parser never produces markup, only text nodes, so nothing
 * in the text can become a tag or a script, whatever it contains (the server also refuses
 * raw HTML, informationTextProblem). Supported: headings (#, ##, ###), paragraphs, bullet
 * and numbered lists, **strong**, *emphasis* (or _emphasis_), [links](https://…) to http,
 * https and mailto addresses only, and backslash escapes. Anything else stays text.
 * Written here rather than taken from a Markdown library so the phone's consent page stays
 * small and the output can hold nothing but these nodes.
 */

export type MarkdownInline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; children: MarkdownInline[] }
  | { kind: 'emphasis'; children: MarkdownInline[] }
  | { kind: 'link'; href: string; children: MarkdownInline[] };

export type MarkdownBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; content: MarkdownInline[] }
  | { kind: 'paragraph'; content: MarkdownInline[] }
  | { kind: 'list'; ordered: boolean; items: MarkdownInline[][] };

/** The link target when it is an http(s) or mailto address, else null (shown as text). */
export function safeLinkHref(href: string): string | null {
  const trimmed = href.trim();
  if (!/^(https?:\/\/|mailto:)/i.test(trimmed)) return null;
  try {
    const url = new URL(trimmed);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

const ESCAPABLE = /[\\`*_[\]()#+\-.!]/;
const LINK = /^\[([^\]\n]+)\]\(([^)\s]+)\)/;

function parseInline(text: string): MarkdownInline[] {
  const out: MarkdownInline[] = [];
  let buffer = '';
  const flush = () => {
    if (buffer) out.push({ kind: 'text', text: buffer });
    buffer = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === '\\' && next !== undefined && ESCAPABLE.test(next)) {
      buffer += next;
      i += 2;
      continue;
    }
    if (text.startsWith('**', i)) {
      const end = text.indexOf('**', i + 2);
      if (end > i + 2) {
        flush();
        out.push({ kind: 'strong', children: parseInline(text.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    }
    // Emphasis opens before a non-space; `_` only at a word's start (snake_case stays text).
    if ((ch === '*' || ch === '_') && next !== undefined && next !== ' ' && next !== ch) {
      const atWordStart = ch === '*' || i === 0 || !/[\p{L}\p{N}]/u.test(text[i - 1]!);
      const end = text.indexOf(ch, i + 1);
      if (atWordStart && end > i + 1 && text[end - 1] !== ' ') {
        flush();
        out.push({ kind: 'emphasis', children: parseInline(text.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    if (ch === '[') {
      const match = LINK.exec(text.slice(i));
      if (match) {
        flush();
        const children = parseInline(match[1]!);
        const href = safeLinkHref(match[2]!);
        if (href) out.push({ kind: 'link', href, children });
        else out.push(...children);
        i += match[0].length;
        continue;
      }
    }
    buffer += ch;
    i += 1;
  }
  flush();
  // Adjacent text (around a refused link) is one node.
  return out.reduce<MarkdownInline[]>((merged, node) => {
    const last = merged.at(-1);
    if (last?.kind === 'text' && node.kind === 'text') last.text += node.text;
    else merged.push(node.kind === 'text' ? { ...node } : node);
    return merged;
  }, []);
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;

/** The blocks of a Markdown text, in order. */
export function parseMarkdown(text: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  const endParagraph = () => {
    if (paragraph.length > 0)
      blocks.push({ kind: 'paragraph', content: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  const endList = () => {
    if (list)
      blocks.push({ kind: 'list', ordered: list.ordered, items: list.items.map(parseInline) });
    list = null;
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (line.trim() === '') {
      endParagraph();
      endList();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      endParagraph();
      endList();
      const level = Math.min(heading[1]!.length, 3) as 1 | 2 | 3;
      blocks.push({ kind: 'heading', level, content: parseInline(heading[2]!) });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const item = bullet ?? numbered;
    if (item) {
      endParagraph();
      const ordered = numbered !== null;
      if (list && list.ordered !== ordered) endList();
      list ??= { ordered, items: [] };
      list.items.push(item[1]!);
      continue;
    }
    if (list) {
      // A line under a list item continues it.
      list.items[list.items.length - 1] += ` ${line.trim()}`;
      continue;
    }
    paragraph.push(line.trim());
  }
  endParagraph();
  endList();
  return blocks;
}

/** The text of inline nodes without their marks (for a PDF line or an accessible name). */
export function inlinePlainText(nodes: readonly MarkdownInline[]): string {
  return nodes.map((n) => (n.kind === 'text' ? n.text : inlinePlainText(n.children))).join('');
}
