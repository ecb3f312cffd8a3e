// Labelled native controls the pages share: a text input in a field row, and a select that filters a list by one
// value kept in the URL ('' meaning all). Native elements keep them accessible without a widget library (ADR 0022).

/** A labelled text input (`<label><span>Label</span><input aria-label="Label"></label>`). */
export function TextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  placeholder?: string;
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        aria-label={props.label}
        className="input"
        required={props.required}
        placeholder={props.placeholder}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </label>
  );
}

/** A filter by one of `options`, with "all" first; `onChange(undefined)` when "all" is chosen. */
export function ChoiceFilter(props: {
  label: string;
  value: string | undefined;
  options: readonly string[];
  onChange: (value: string | undefined) => void;
}) {
  return (
    <label>
      {props.label}{' '}
      <select
        className="input"
        value={props.value ?? ''}
        onChange={(event) => props.onChange(event.target.value === '' ? undefined : event.target.value)}
      >
        <option value="">all</option>
        {props.options.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
