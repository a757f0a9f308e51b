import { useState } from 'react';
import { Field } from '../components/controls';

/** A JSON value edited as text; `onChange` gets the parsed value, or undefined while the text is not valid. */
export function JsonField({
  label,
  initial,
  problems,
  kind,
  onChange,
}: {
  label: string;
  initial: unknown;
  problems?: string[];
  kind: 'object' | 'array';
  onChange: (value: unknown) => void;
}) {
  const [text, setText] = useState(() => (initial === null || initial === undefined ? '' : JSON.stringify(initial, null, 2)));
  const [problem, setProblem] = useState<string | null>(null);
  const update = (next: string) => {
    setText(next);
    if (!next.trim()) {
      setProblem(null);
      return onChange(kind === 'array' ? [] : null);
    }
    try {
      const value: unknown = JSON.parse(next);
      const ok = kind === 'array' ? Array.isArray(value) : !!value && typeof value === 'object' && !Array.isArray(value);
      setProblem(ok ? null : `must be a JSON ${kind}`);
      onChange(ok ? value : undefined);
    } catch {
      setProblem('is not valid JSON');
      onChange(undefined);
    }
  };
  return (
    <Field label={label} problems={[...(problem ? [problem] : []), ...(problems ?? [])]}>
      {(id) => <textarea id={id} className="mono" rows={3} value={text} onChange={(e) => update(e.target.value)} />}
    </Field>
  );
}
