import { type FormEvent, type ReactNode, useState } from 'react';
import { fieldProblems, invalidate } from '../api';
import { ErrorBanner } from '../components/feedback';
import { setQuery, useLocation } from '../router';

export const CATALOG_PAGE_SIZE = 50;

/** A catalog list's page, kept in the URL (`?offset=`), so a reload or a shared link shows the same page. */
export function useCatalogPaging(): { offset: number; limit: number; onPage: (offset: number) => void } {
  const { query } = useLocation();
  return { offset: Number(query.get('offset') ?? 0), limit: CATALOG_PAGE_SIZE, onPage: (next) => setQuery({ offset: next || undefined }) };
}

/** What a form needs of its create or update mutation. */
interface SaveState {
  error: unknown;
  isPending: boolean;
}

/**
 * A catalog form's draft and its save: `send` creates or updates, the API's problems come back by
 * field, and after a save the lists that show the record are refetched and the form closes.
 */
export function useCatalogForm<D extends object>(
  initial: () => D,
  save: SaveState,
  send: (draft: D) => Promise<unknown>,
  after: { refetch: string[]; close: () => void; blocked?: boolean },
) {
  const [value, setValue] = useState<D>(initial);
  const submit = async () => {
    if (after.blocked) return;
    const saved = await send(value).then(
      () => true,
      () => false,
    );
    if (!saved) return;
    await invalidate(...after.refetch);
    after.close();
  };
  return {
    value,
    set: (patch: Partial<D>) => setValue((current) => ({ ...current, ...patch })),
    problems: fieldProblems(save.error),
    save,
    submit: (event: FormEvent) => {
      event.preventDefault();
      void submit();
    },
  };
}

/** The frame every catalog form shares: its title, the API's sentence when it names no field, its fields in a grid, Save and Cancel. */
export function CatalogForm({
  title,
  form,
  onCancel,
  children,
}: {
  title: string;
  form: { save: SaveState; submit: (event: FormEvent) => void };
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <form onSubmit={form.submit} noValidate>
      <h2>{title}</h2>
      <ErrorBanner error={form.save.error} besideFields />
      <div className="form-grid">{children}</div>
      <FormButtons saving={form.save.isPending} onCancel={onCancel} />
    </form>
  );
}

/** Save / Cancel at the bottom of a catalog form. */
export function FormButtons({ saving, onCancel }: { saving: boolean; onCancel: () => void }) {
  return (
    <div className="form-actions">
      <button type="submit" className="button button-primary" disabled={saving}>
        Save
      </button>
      <button type="button" className="button button-quiet" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
