import { type ReactNode, useEffect, useId, useRef } from 'react';
import { plural } from '../format';

/** A labelled field (marked when required); the API's problems for it are shown right under it. */
export function Field({
  label,
  problems,
  hint,
  required,
  children,
}: {
  label: string;
  problems?: string[];
  hint?: ReactNode;
  required?: boolean;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className={`field${problems?.length ? ' field-invalid' : ''}`}>
      <div className="field-label">
        <label htmlFor={id}>{label}</label>
        {required && (
          <span className="required-mark" aria-hidden="true" title="Required">
            *
          </span>
        )}
      </div>
      {children(id)}
      {hint && <div className="hint">{hint}</div>}
      {problems?.map((problem) => (
        <div key={problem} className="field-problem" role="alert">
          {problem}
        </div>
      ))}
    </div>
  );
}

/** An on/off switch: a checkbox announced as a switch, its name saying what it turns on. */
export function Switch({ checked, label, onChange, disabled }: { checked: boolean; label: string; onChange: (value: boolean) => void; disabled?: boolean }) {
  return (
    <label className="switch">
      <input type="checkbox" role="switch" aria-label={label} checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <span className="switch-track" aria-hidden="true" />
    </label>
  );
}

/** A labelled checkbox of a form. */
export function Checkbox({ checked, label, onChange }: { checked: boolean; label: string; onChange: (value: boolean) => void }) {
  return (
    <label className="checkbox">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

/** Asks before something that cannot be undone; the confirm button says what it does. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  danger,
  busy,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${title}-title`} onCancel={onCancel}>
      <h2 id={`${title}-title`}>{title}</h2>
      <div className="dialog-body">{children}</div>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          Keep
        </button>
        <button type="button" className={`button ${danger ? 'button-danger' : 'button-primary'}`} onClick={onConfirm} disabled={busy}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/** Pages of a list by offset; `noun` and `nouns` say what it counts ("1 repository", "0 repositories"). */
export function Pager({
  total,
  limit,
  offset,
  onChange,
  noun,
  nouns = `${noun}s`,
  children,
}: {
  total: number;
  limit: number;
  offset: number;
  onChange: (offset: number) => void;
  noun: string;
  nouns?: string;
  /** Beside the counts (a page-size choice). */
  children?: ReactNode;
}) {
  if (total <= limit && offset === 0)
    return (
      <div className="pager">
        <span className="muted">{plural(total, noun, nouns)}</span>
        {children}
      </div>
    );
  const last = Math.min(total, offset + limit);
  return (
    <nav className="pager" aria-label={`${nouns} pages`}>
      <span className="muted">{`${total === 0 ? 0 : (offset + 1).toLocaleString()}–${last.toLocaleString()} of ${plural(total, noun, nouns)}`}</span>
      <button type="button" className="button button-small" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        Previous page
      </button>
      <button type="button" className="button button-small" disabled={last >= total} onClick={() => onChange(offset + limit)}>
        Next page
      </button>
      {children}
    </nav>
  );
}
