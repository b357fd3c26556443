import type { ReactNode } from 'react';

/** A column heading: text, or `num(text)` for a right-aligned number column. */
export type Column = string | { label: string; num: true };

export const num = (label: string): Column => ({ label, num: true });

/** A scrollable table with a screen-reader caption and column headings; `children` are its rows. */
export function DataTable({
  caption,
  columns,
  actions,
  testId,
  className,
  children,
}: {
  caption: string;
  columns: readonly Column[];
  /** A last, unlabelled column for row buttons. */
  actions?: boolean;
  testId?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table data-testid={testId} className={className}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) =>
              typeof c === 'string' ? (
                <th scope="col" key={c}>
                  {c}
                </th>
              ) : (
                <th scope="col" className="num" key={c.label}>
                  {c.label}
                </th>
              ),
            )}
            {actions ? (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
