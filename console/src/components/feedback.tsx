import type { ReactNode } from 'react';
import { errorText, isEnvelope } from '../api';

/**
 * The API's own sentence for a failed call. In a form (`besideFields`) the sentence lists every
 * problem at once, and each field shows its own under it as well.
 */
export function ErrorBanner({ error, title, besideFields }: { error: unknown; title?: string; besideFields?: boolean }) {
  if (!error) return null;
  const fields = besideFields && isEnvelope(error) ? error.details.length : 0;
  return (
    <div className="banner banner-error" role="alert">
      {title && <strong>{title}: </strong>}
      {errorText(error)}
      {fields > 0 && <div className="small">The fields concerned are marked below.</div>}
    </div>
  );
}

export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'success' | 'warning' }) {
  return (
    <div className={`banner banner-${tone}`} role="status">
      {children}
    </div>
  );
}

/** Grey bars where a table's rows will be. */
export function SkeletonRows({ columns, rows = 5 }: { columns: number; rows?: number }) {
  return (
    <>
      {Array.from({ length: rows }, (_, r) => (
        <tr key={r} className="skeleton-row" aria-hidden="true">
          {Array.from({ length: columns }, (_, c) => (
            <td key={c}>
              <span className="skeleton" />
            </td>
          ))}
        </tr>
      ))}
    </>
  );
}

export function EmptyRow({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={columns} className="empty">
        {children}
      </td>
    </tr>
  );
}

export function Skeleton({ width = '8em' }: { width?: string }) {
  return <span className="skeleton" style={{ width }} aria-hidden="true" />;
}
