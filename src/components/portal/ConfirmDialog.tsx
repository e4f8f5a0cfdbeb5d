"use client";

import { type ReactNode, useEffect, useId, useRef } from "react";

/**
 * The one confirmation before an action that costs money or breaks a client. A modal `<dialog>`: the browser keeps
 * focus inside and Escape cancels; Cancel takes the focus first, so Enter alone never confirms, and the focus goes
 * back to the button that opened it. `confirmDisabled` lets a step inside (typing the team's name) gate the action;
 * such a field takes the focus instead.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  danger = false,
  confirmDisabled = false,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element || !open) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    element.showModal();
    (element.querySelector("input") ?? cancel.current)?.focus();
    return () => {
      element.close();
      opener?.focus();
    };
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      // Escape closes the dialog natively (browsers may refuse to let a page keep it open); if that happens while
      // the owner still has it open, it is a cancel.
      onClose={() => {
        if (open) onCancel();
      }}
    >
      {open && (
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            if (!confirmDisabled) onConfirm();
          }}
        >
          <h2 id={titleId}>{title}</h2>
          <div id={bodyId}>{children}</div>
          <div className="actions">
            <button ref={cancel} type="button" className="button secondary" onClick={onCancel}>
              Cancel
            </button>
            <button type="submit" className={danger ? "button danger" : "button"} disabled={confirmDisabled}>
              {confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
