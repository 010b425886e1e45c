"use client";

import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";

interface DialogProps {
  title: string;
  children: ReactNode;
  onCancel: () => void;
  /** Extra description read out with the title. */
  describedBy?: string;
  role?: "dialog" | "alertdialog";
}

/** A modal dialog: labelled by its title, Escape cancels, focus stays inside and returns where it came from. */
export function Dialog({ title, children, onCancel, role = "dialog" }: DialogProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const root = ref.current;
    const first = root?.querySelector<HTMLElement>("[data-autofocus]") ?? focusables(root)[0];
    first?.focus();
    return () => {
      if (previous && document.contains(previous)) previous.focus();
    };
  }, []);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      onCancel();
      return;
    }
    if (e.key === "Tab") {
      const items = focusables(ref.current);
      if (items.length === 0) return;
      const first = items[0]!;
      const last = items[items.length - 1]!;
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };

  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/60 p-4" onMouseDown={onCancel}>
      <div
        ref={ref}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        className="w-full max-w-md rounded-lg border border-zinc-700 bg-zinc-900 p-5 text-zinc-100 shadow-xl"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="mb-3 text-lg font-semibold">
          {title}
        </h2>
        {children}
      </div>
    </div>
  );
}

function focusables(root: HTMLElement | null | undefined): HTMLElement[] {
  if (!root) return [];
  return [
    ...root.querySelectorAll<HTMLElement>(
      'button:not([disabled]), input:not([disabled]), textarea, select, [href], [tabindex]:not([tabindex="-1"])',
    ),
  ];
}

const buttonBase =
  "rounded px-3 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-400 disabled:opacity-50";
export const primaryButton = `${buttonBase} bg-sky-600 text-white hover:bg-sky-500`;
export const dangerButton = `${buttonBase} bg-red-600 text-white hover:bg-red-500`;
export const plainButton = `${buttonBase} bg-zinc-700 text-zinc-100 hover:bg-zinc-600`;

interface ConfirmProps {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void | Promise<void>;
  onCancel: () => void;
}

export function ConfirmDialog({ title, message, confirmLabel, danger, onConfirm, onCancel }: ConfirmProps) {
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title={title} onCancel={onCancel} role="alertdialog">
      <div className="mb-4 text-sm text-zinc-300">{message}</div>
      <div className="flex justify-end gap-2">
        <button type="button" className={plainButton} onClick={onCancel} data-autofocus>
          Cancel
        </button>
        <button
          type="button"
          className={danger ? dangerButton : primaryButton}
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await onConfirm();
            } finally {
              setBusy(false);
            }
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

interface PromptProps {
  title: string;
  label: string;
  initialValue?: string;
  confirmLabel: string;
  /** Answers an error message to show, or null when the value may be submitted. */
  validate?: (value: string) => string | null;
  /** Answers an error message to show (the dialog stays open), or nothing when done. */
  onSubmit: (value: string) => Promise<string | void> | string | void;
  onCancel: () => void;
  /** Selects this part of the initial value (e.g. the name without its extension). */
  selection?: [number, number];
}

export function PromptDialog({
  title,
  label,
  initialValue = "",
  confirmLabel,
  validate,
  onSubmit,
  onCancel,
  selection,
}: PromptProps) {
  const [value, setValue] = useState(initialValue);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const errorId = useId();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const el = input.current;
    if (!el) return;
    el.focus();
    if (selection) el.setSelectionRange(selection[0], selection[1]);
    else el.select();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = validate?.(value) ?? null;
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    try {
      const result = await onSubmit(value);
      if (typeof result === "string") setError(result);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={title} onCancel={onCancel}>
      <form onSubmit={submit} noValidate>
        <label htmlFor={inputId} className="mb-1 block text-sm text-zinc-300">
          {label}
        </label>
        <input
          id={inputId}
          ref={input}
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setError(null);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          autoComplete="off"
          spellCheck={false}
          className="w-full rounded border border-zinc-600 bg-zinc-800 px-2 py-1.5 font-mono text-sm text-zinc-100 focus:border-sky-500 focus:outline-none"
        />
        {error && (
          <p id={errorId} role="alert" className="mt-2 text-sm text-red-400">
            {error}
          </p>
        )}
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" className={plainButton} onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className={primaryButton} disabled={busy}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
