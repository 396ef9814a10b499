/** Small shared pieces: notices, the loading line, fields, dialogs. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { errorText } from './api.js';

export function ErrorNote({ error, title }: { error: unknown; title?: string }) {
  if (error === undefined || error === null) return null;
  return (
    <div class="note error" role="alert">
      {title !== undefined && <strong>{title} </strong>}
      {errorText(error)}
    </div>
  );
}

export function Notice({ children, kind = 'info' }: { children: ComponentChildren; kind?: 'info' | 'success' | 'warning' }) {
  return (
    <div class={`note ${kind}`} role="status">
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** The value of an input/select/textarea event. */
export const valueOf = (e: Event): string => (e.currentTarget as HTMLInputElement).value;
export const checkedOf = (e: Event): boolean => (e.currentTarget as HTMLInputElement).checked;

/**
 * A modal dialog (the native <dialog>: focus moves into it, Escape closes it, the page behind
 * cannot be reached by keyboard or mouse).
 */
export function Dialog({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current!;
    if (!dialog.open) dialog.showModal();
    const onCancel = (e: Event) => {
      e.preventDefault();
      onClose();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => dialog.removeEventListener('cancel', onCancel);
  }, [onClose]);
  return (
    <dialog ref={ref} class={wide ? 'wide' : ''} aria-labelledby="dialog-title">
      <header class="dialog-head">
        <h2 id="dialog-title">{title}</h2>
        <button type="button" class="icon" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      {children}
    </dialog>
  );
}

/** Asks to type `word` before a destructive action. */
export function ConfirmByName({ word, action, busy, onConfirm }: { word: string; action: string; busy: boolean; onConfirm: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <form
      class="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (input.current?.value === word) onConfirm();
      }}
    >
      <label>
        Type <code>{word}</code> to confirm
        <input ref={input} name="confirm" autocomplete="off" spellcheck={false} required pattern={word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} />
      </label>
      <div class="actions">
        <button type="submit" class="danger" disabled={busy}>
          {busy ? 'Working…' : action}
        </button>
      </div>
    </form>
  );
}

/** A column of {@link GridHead}: its label, right-aligned for numbers, or hidden (an actions column). */
export type Column = string | { readonly label: string; readonly num?: boolean; readonly hidden?: boolean };

export function GridHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => {
          const { label, num, hidden } = typeof c === 'string' ? { label: c, num: false, hidden: false } : c;
          return (
            <th scope="col" key={label} class={num ? 'num' : undefined}>
              {hidden ? <span class="visually-hidden">{label}</span> : label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
