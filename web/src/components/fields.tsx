/** Labelled form controls: every input has a visible <label>, and a hint is tied to it with aria-describedby. */
import { useId, type ReactNode } from 'react';

interface Common {
  label: string;
  hint?: ReactNode;
  required?: boolean;
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }): ReactNode {
  return hint ? <small id={id} className="hint">{hint}</small> : null;
}

export function TextField(props: Common & {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'password' | 'number' | 'url';
  placeholder?: string;
  autoComplete?: string;
  name?: string;
  readOnly?: boolean;
}): ReactNode {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id} name={props.name} type={props.type ?? 'text'} value={props.value} required={props.required} readOnly={props.readOnly}
        placeholder={props.placeholder} autoComplete={props.autoComplete ?? 'off'} spellCheck={false}
        aria-describedby={props.hint ? hintId : undefined} onChange={(e) => props.onChange(e.target.value)}
      />
      <Hint id={hintId} hint={props.hint} />
    </div>
  );
}

export function TextArea(props: Common & { value: string; onChange: (value: string) => void; rows?: number; placeholder?: string; name?: string }): ReactNode {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id} name={props.name} value={props.value} rows={props.rows ?? 6} required={props.required} spellCheck={false}
        placeholder={props.placeholder} aria-describedby={props.hint ? hintId : undefined} onChange={(e) => props.onChange(e.target.value)}
      />
      <Hint id={hintId} hint={props.hint} />
    </div>
  );
}

export function SelectField(props: Common & {
  value: string;
  onChange: (value: string) => void;
  options: readonly (string | { value: string; label: string })[];
  name?: string;
}): ReactNode {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} name={props.name} value={props.value} required={props.required}
        aria-describedby={props.hint ? hintId : undefined} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((o) => {
          const option = typeof o === 'string' ? { value: o, label: o } : o;
          return <option key={option.value} value={option.value}>{option.label}</option>;
        })}
      </select>
      <Hint id={hintId} hint={props.hint} />
    </div>
  );
}

export function CheckboxField(props: { label: string; checked: boolean; onChange: (checked: boolean) => void; hint?: ReactNode }): ReactNode {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field field-check">
      <input id={id} type="checkbox" checked={props.checked} aria-describedby={props.hint ? hintId : undefined}
        onChange={(e) => props.onChange(e.target.checked)} />
      <label htmlFor={id}>{props.label}</label>
      <Hint id={hintId} hint={props.hint} />
    </div>
  );
}

/** Reads a chosen file as text (kubeconfig or script upload) into a field's value. */
export function FileField(props: { label: string; accept?: string; onText: (text: string, name: string) => void; hint?: ReactNode }): ReactNode {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input id={id} type="file" accept={props.accept} aria-describedby={props.hint ? hintId : undefined}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void file.text().then((text) => props.onText(text, file.name));
        }} />
      <Hint id={hintId} hint={props.hint} />
    </div>
  );
}
