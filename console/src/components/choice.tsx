import { setQuery } from '../router';

/** A select kept in the URL's query. */
export function Choice({
  label,
  name,
  value,
  options,
  all = 'All',
}: {
  label: string;
  name: string;
  value: string;
  options: Array<[string, string]>;
  all?: string;
}) {
  const id = `filter-${name}`;
  return (
    <div className="field field-inline">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => setQuery({ [name]: e.target.value, offset: undefined })}>
        <option value="">{all}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
