import { type ReactNode, useState } from 'react';
import { Pager } from '../components/controls';
import { EmptyRow, ErrorBanner, SkeletonRows } from '../components/feedback';
import { PageHeader } from '../components/layout';
import { useCatalogPaging } from './catalog-form';
import { DeleteDialog, type DetachChoice } from './delete-dialog';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  className?: string;
}

export interface CatalogList<T> {
  rows: T[] | undefined;
  total: number;
  isPending: boolean;
  error: unknown;
}

/**
 * A catalog list: table, paging, "New …", and per row "Edit" and "Delete" (with confirmation; a
 * record still in use answers 409: the dialog lists the flows using it, and offers `detach` where
 * the record can be let go of).
 */
export function CatalogPage<T>({
  title,
  subtitle,
  noun,
  nouns,
  list,
  columns,
  rowKey,
  rowName,
  renderForm,
  onDelete,
  detach,
  readOnly,
  banner,
  empty,
}: {
  title: string;
  subtitle: string;
  noun: string;
  /** The plural, when not noun + s ("repositories"). */
  nouns?: string;
  list: CatalogList<T>;
  columns: Array<Column<T>>;
  rowKey: (row: T) => string;
  rowName: (row: T) => string;
  renderForm: (editing: T | null, close: () => void) => ReactNode;
  onDelete: (row: T, detach: boolean) => Promise<unknown>;
  detach?: DetachChoice;
  /** Rows this engine may not change (imported from the appliance): no Edit or Delete. */
  readOnly?: (row: T) => boolean;
  /** Shown above the table (the catalog sync in appliance mode). */
  banner?: ReactNode;
  empty: ReactNode;
}) {
  const { offset, limit, onPage } = useCatalogPaging();
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [toDelete, setToDelete] = useState<T | null>(null);
  const close = () => setEditing(null);
  return (
    <>
      <PageHeader
        title={title}
        subtitle={subtitle}
        actions={
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            {`New ${noun}`}
          </button>
        }
      />
      {banner}
      {editing !== null && <div className="card form-panel">{renderForm(editing === 'new' ? null : editing, close)}</div>}
      <ErrorBanner error={list.error} />
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.header} scope="col">
                  {c.header}
                </th>
              ))}
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.isPending && <SkeletonRows columns={columns.length + 1} />}
            {!list.isPending && list.rows?.length === 0 && <EmptyRow columns={columns.length + 1}>{empty}</EmptyRow>}
            {list.rows?.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c) => (
                  <td key={c.header} className={c.className}>
                    {c.cell(row)}
                  </td>
                ))}
                <td className="row-actions">
                  {!readOnly?.(row) && (
                    <>
                      <button type="button" className="button button-small" onClick={() => setEditing(row)} aria-label={`Edit ${rowName(row)}`}>
                        Edit
                      </button>
                      <button
                        type="button"
                        className="button button-small button-danger"
                        onClick={() => setToDelete(row)}
                        aria-label={`Delete ${rowName(row)}`}
                      >
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager total={list.total} limit={limit} offset={offset} onChange={onPage} noun={noun} nouns={nouns} />
      <DeleteDialog
        noun={noun}
        name={toDelete ? rowName(toDelete) : null}
        detach={detach}
        onDelete={(withDetach) => (toDelete ? onDelete(toDelete, withDetach) : Promise.resolve())}
        onClose={() => setToDelete(null)}
      />
    </>
  );
}
