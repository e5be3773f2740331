import type { ReactNode } from 'react';

/**
 * A data table that scrolls sideways on a phone, reachable by keyboard, named by `label`
 * (also its caption, unless the table sits under a heading that says it already).
 */
export function ScrollTable(props: {
  label: string;
  testId: string;
  caption?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="table-scroll" role="region" aria-label={props.label} tabIndex={0}>
      <table className="data-table" data-testid={props.testId}>
        {props.caption !== false && <caption>{props.label}</caption>}
        {props.children}
      </table>
    </div>
  );
}
