"use client";

/**
 * xterm.js with the fit addon. Loaded client-side only (next/dynamic, ssr:false) so its code never weighs on the
 * first page. The terminal opens in an unpadded element inside a padded wrapper (padding on xterm's own element
 * makes the fit addon overflow); it refits whenever the wrapper changes size.
 */
import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef } from "react";

export interface XtermHandle {
  write(data: Uint8Array | string, callback?: () => void): void;
  reset(): void;
  focus(): void;
  readonly cols: number;
  readonly rows: number;
  /** Typed text (UTF-8 strings) and binary input (byte strings); answers an unsubscribe function. */
  onData(listener: (data: string) => void): () => void;
  onBinary(listener: (data: string) => void): () => void;
  onResize(listener: (size: { cols: number; rows: number }) => void): () => void;
  setReadOnly(readOnly: boolean): void;
}

interface Props {
  onReady: (handle: XtermHandle | null) => void;
  label: string;
}

export default function XtermView({ onReady, label }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const onReadyRef = useRef(onReady);
  onReadyRef.current = onReady;

  useEffect(() => {
    const element = host.current;
    const outer = wrapper.current;
    if (!element || !outer) return;
    const term = new Terminal({
      cursorBlink: true,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace',
      fontSize: 14,
      scrollback: 5000,
      allowProposedApi: false,
      theme: { background: "#09090b", foreground: "#e4e4e7", cursor: "#e4e4e7" },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(element);
    const textarea = element.querySelector("textarea");
    textarea?.setAttribute("aria-label", label);

    let frame = 0;
    const refit = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (outer.clientWidth > 0 && outer.clientHeight > 0) {
          try {
            fit.fit();
          } catch {
            // not laid out yet
          }
        }
      });
    };
    refit();
    const observer = new ResizeObserver(refit);
    observer.observe(outer);
    window.addEventListener("resize", refit);

    let readOnly = false;
    const handle: XtermHandle = {
      write: (data, callback) => term.write(data, callback),
      reset: () => term.reset(),
      focus: () => term.focus(),
      get cols() {
        return term.cols;
      },
      get rows() {
        return term.rows;
      },
      onData: (listener) => {
        const d = term.onData((s) => {
          if (!readOnly) listener(s);
        });
        return () => d.dispose();
      },
      onBinary: (listener) => {
        const d = term.onBinary((s) => {
          if (!readOnly) listener(s);
        });
        return () => d.dispose();
      },
      onResize: (listener) => {
        const d = term.onResize(listener);
        return () => d.dispose();
      },
      setReadOnly: (value) => {
        readOnly = value;
        term.options.disableStdin = value;
      },
    };
    onReadyRef.current(handle);

    return () => {
      onReadyRef.current(null);
      cancelAnimationFrame(frame);
      observer.disconnect();
      window.removeEventListener("resize", refit);
      term.dispose();
    };
    // the label is set once; a new label does not need a new terminal
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    // The padding lives on this wrapper, never on the element xterm opens in (STACK trap 6).
    <div ref={wrapper} className="h-full w-full overflow-hidden bg-[#09090b] p-2" data-testid="terminal">
      <div ref={host} className="h-full w-full" />
    </div>
  );
}
