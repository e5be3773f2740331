import type { ReactNode } from 'react';

/**
 * A consent's information text, from Markdown to React elements: headings (#, ##, ###),
 * paragraphs, bulleted and numbered lists, **bold** and *italic*. Everything else is text:
 * no HTML is ever interpreted (React escapes every string) and links stay plain text, so a
 * study's text cannot run script or send a reader elsewhere.
 *
 * Interim: engineer 1 (studies-core) writes the shared safe renderer in src/web/components;
 * this one is small on purpose (the phone page loads nothing else) and can give way to it.
 */
export function ConsentMarkdown(props: { text: string }) {
  const blocks: ReactNode[] = [];
  const lines = props.text.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  const flushParagraph = () => {
    if (paragraph.length > 0) blocks.push(<p key={blocks.length}>{inline(paragraph.join(' '))}</p>);
    paragraph = [];
  };
  const flushList = () => {
    if (list) {
      const items = list.items.map((item, i) => <li key={i}>{inline(item)}</li>);
      blocks.push(
        list.ordered ? <ol key={blocks.length}>{items}</ol> : <ul key={blocks.length}>{items}</ul>,
      );
    }
    list = null;
  };
  for (const raw of lines) {
    const line = raw.trim();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const bullet = /^[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\d+[.)]\s+(.*)$/.exec(line);
    if (line === '') {
      flushParagraph();
      flushList();
    } else if (heading) {
      flushParagraph();
      flushList();
      // The page's own h1 is the study title: the text's headings sit below it.
      const level = heading[1]!.length;
      const content = inline(heading[2]!);
      blocks.push(
        level === 1 ? (
          <h2 key={blocks.length}>{content}</h2>
        ) : level === 2 ? (
          <h3 key={blocks.length}>{content}</h3>
        ) : (
          <h4 key={blocks.length}>{content}</h4>
        ),
      );
    } else if (bullet || numbered) {
      flushParagraph();
      const ordered = Boolean(numbered);
      if (list && list.ordered !== ordered) flushList();
      list ??= { ordered, items: [] };
      list.items.push((bullet ?? numbered)![1]!);
    } else {
      flushList();
      paragraph.push(line);
    }
  }
  flushParagraph();
  flushList();
  return <div className="c-information">{blocks}</div>;
}

/**
 * **bold** and *italic* (or _italic_, not inside a word: snake_case stays as written)
 * within a line; the rest is text.
 */
function inline(text: string): ReactNode[] {
  const parts: ReactNode[] = [];
  const pattern = /\*\*(.+?)\*\*|\*(.+?)\*|(?<![\w_])_([^_]+)_(?![\w_])/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(
      match[1] !== undefined ? (
        <strong key={parts.length}>{match[1]}</strong>
      ) : (
        <em key={parts.length}>{match[2] ?? match[3]}</em>
      ),
    );
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
