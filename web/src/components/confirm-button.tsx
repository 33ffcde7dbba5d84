/**
 * A button that asks before it acts, in a modal <dialog> (focus moves into it, Escape cancels, focus returns).
 * Used for destructive or cluster-changing actions: delete, roll back, stop.
 */
import { useId, useRef, useState, type ReactNode } from 'react';

export function ConfirmButton(props: {
  label: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown> | void;
  danger?: boolean;
  disabled?: boolean;
}): ReactNode {
  const { label, title, children, confirmLabel, onConfirm, danger, disabled } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  // Unique per button: a table may hold several buttons with one label (a Release per row), each naming its own dialog.
  const titleId = `confirm-${useId()}`;
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      dialog.current?.close();
    }
  };
  return (
    <>
      <button type="button" className={danger ? 'danger' : undefined} disabled={disabled} onClick={() => dialog.current?.showModal()}>{label}</button>
      <dialog ref={dialog} aria-labelledby={titleId} className="confirm">
        <h2 id={titleId}>{title}</h2>
        <div>{children}</div>
        <div className="actions">
          <button type="button" onClick={() => dialog.current?.close()} autoFocus>Cancel</button>
          <button type="button" className={danger ? 'danger' : 'primary'} disabled={busy} onClick={() => { void confirm(); }}>{confirmLabel}</button>
        </div>
      </dialog>
    </>
  );
}
