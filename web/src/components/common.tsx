import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { humanMessage } from "../messages";

/** An error as the registry's sentence, announced to screen readers. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  return <p class="note note-error" role="alert">{humanMessage(error)}</p>;
}

export function Loading({ what = "Loading" }: { what?: string }) {
  return <p class="muted" role="status">{what}…</p>;
}

/** Milliseconds left until `until` (ISO), updated every quarter second. */
export function useCountdown(until: string | undefined): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!until) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [until]);
  return until ? new Date(until).getTime() - now : 0;
}

/** A confirmation in a native modal dialog (focus trapped, Escape cancels). */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog ref={ref} aria-labelledby="confirm-title" onCancel={(e) => { e.preventDefault(); props.onCancel(); }}>
      <h2 id="confirm-title">{props.title}</h2>
      <div>{props.children}</div>
      <div class="actions">
        <button type="button" class="button secondary" onClick={props.onCancel}>Keep it</button>
        <button type="button" class="button danger" onClick={props.onConfirm}>{props.confirmLabel}</button>
      </div>
    </dialog>
  );
}

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Evently`;
  }, [title]);
}
