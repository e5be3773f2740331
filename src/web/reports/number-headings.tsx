/** Column headings of numbers (right-aligned like their cells), one per label. */
export function NumberHeadings(props: { labels: string[] }) {
  return props.labels.map((label) => (
    <th key={label} scope="col" className="number">
      {label}
    </th>
  ));
}
