/**
 * A secret the server shows once (a trigger URL, a token, a webhook secret): readable, selectable, with a copy
 * button and a plain statement that it will not be shown again.
 */
import { useState, type ReactNode } from 'react';

export function CopyOnce({ label, value, note }: { label: string; value: string; note?: string }): ReactNode {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('failed'); // insecure context or denied: the field is still selectable
    }
  };
  const id = `once-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className="copy-once" role="region" aria-label={label}>
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <button type="button" onClick={() => { void copy(); }}>Copy</button>
      </div>
      <p className="note" aria-live="polite">
        {copied === 'yes' ? 'Copied. ' : copied === 'failed' ? 'Copying failed; select the text and copy it. ' : ''}
        {note ?? 'This is shown only once: copy it now.'}
      </p>
    </div>
  );
}
