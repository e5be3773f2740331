import type { ReactNode } from 'react';
import { type MarkdownInline, parseMarkdown } from '../../core/research/markdown-text.ts';

/**
 * A consent information text (Markdown) as React elements: headings, paragraphs, lists,
 * strong, emphasis and safe links, from the parser in src/core/research/markdown-text.ts.
 * Every piece of the text reaches the page as a React text node, never as HTML, so markup
 * in it shows as the characters it is. `headingLevel` is the level a `#` heading gets, to
 * fit under the page's own headings (default 2).
 */
export function MarkdownText(props: { text: string; headingLevel?: 2 | 3 | 4 }) {
  const base = props.headingLevel ?? 2;
  return (
    <div className="markdown-text">
      {parseMarkdown(props.text).map((block, index) => {
        if (block.kind === 'heading') {
          const Tag = `h${Math.min(base + block.level - 1, 6)}` as 'h2';
          return <Tag key={index}>{inline(block.content)}</Tag>;
        }
        if (block.kind === 'paragraph') return <p key={index}>{inline(block.content)}</p>;
        const List = block.ordered ? 'ol' : 'ul';
        return (
          <List key={index}>
            {block.items.map((item, i) => (
              <li key={i}>{inline(item)}</li>
            ))}
          </List>
        );
      })}
    </div>
  );
}

function inline(nodes: readonly MarkdownInline[]): ReactNode[] {
  return nodes.map((node, index) => {
    switch (node.kind) {
      case 'text':
        return node.text;
      case 'strong':
        return <strong key={index}>{inline(node.children)}</strong>;
      case 'emphasis':
        return <em key={index}>{inline(node.children)}</em>;
      case 'link':
        // Only http(s) and mailto reach here (safeLinkHref); no referrer leaves with it.
        return (
          <a key={index} href={node.href} rel="noopener noreferrer nofollow">
            {inline(node.children)}
          </a>
        );
    }
  });
}
