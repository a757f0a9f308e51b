import { useEffect, useRef, useState } from 'react';
import { errorText, isEnvelope } from '../api';
import { Link } from '../router';

/** What deleting a record that flows still use can do instead of refusing (schedules, policies). */
export interface DetachChoice {
  /** The button: "Delete and run them on demand only". */
  label: string;
  /** What happens to the flows, said before the button. */
  explanation: string;
}

/**
 * Asks before deleting a catalog record. When the engine refuses because flows use it (409), the
 * dialog stays open and lists them, linked; where the record can be let go of (`detach`), it offers
 * that explicitly, saying what happens to the flows.
 */
export function DeleteDialog({
  noun,
  name,
  detach,
  onDelete,
  onClose,
}: {
  noun: string;
  /** The record's name; the dialog is open while it is set. */
  name: string | null;
  detach?: DetachChoice;
  onDelete: (detach: boolean) => Promise<unknown>;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<unknown>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (name !== null && !dialog.open) dialog.showModal();
    if (name === null && dialog.open) dialog.close();
    setRefusal(null);
  }, [name]);
  const run = async (withDetach: boolean) => {
    setBusy(true);
    try {
      await onDelete(withDetach);
      onClose();
    } catch (err) {
      setRefusal(err);
    } finally {
      setBusy(false);
    }
  };
  const users = usersOf(refusal);
  const titleId = `delete-${noun.replace(/\W+/g, '-')}-title`;
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onCancel={onClose}>
      <h2 id={titleId}>{`Delete ${name ?? ''}?`}</h2>
      <div className="dialog-body">
        {refusal === null && <p>{`The ${noun} is removed for good.`}</p>}
        {refusal !== null && (
          <div className="banner banner-error" role="alert">
            {errorText(refusal)}
          </div>
        )}
        {users.length > 0 && (
          <ul className="record-list" aria-label="Flows that use it">
            {users.map((u) => (
              <li key={u.id}>
                <Link to={`/flows/${u.id}`}>{u.name}</Link>
              </li>
            ))}
          </ul>
        )}
        {users.length > 0 && detach && <p>{detach.explanation}</p>}
      </div>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Keep
        </button>
        {users.length === 0 && (
          <button type="button" className="button button-danger" onClick={() => void run(false)} disabled={busy}>
            {`Delete ${noun}`}
          </button>
        )}
        {users.length > 0 && detach && (
          <button type="button" className="button button-danger" onClick={() => void run(true)} disabled={busy}>
            {detach.label}
          </button>
        )}
      </div>
    </dialog>
  );
}

/** The flows a 409 says use the record. */
function usersOf(error: unknown): Array<{ id: string; name: string }> {
  if (!isEnvelope(error) || error.status !== 409) return [];
  return error.details.flatMap((d) => d.records ?? []);
}
