"use client";

/**
 * The open files as tabs (WAI-ARIA tabs pattern, automatic activation): Left/Right/Home/End move between tabs,
 * Delete closes the focused one; each tab has a close button named after its file.
 */
import { useEffect, useRef, type KeyboardEvent } from "react";
import { basename } from "@/lib/paths";
import type { FileState } from "@/lib/saver";

interface Props {
  tabs: string[];
  active: string | null;
  files: ReadonlyMap<string, FileState>;
  onActivate: (path: string) => void;
  onClose: (path: string) => void;
  panelId: string;
}

export function tabId(path: string): string {
  return `tab-${encodeURIComponent(path).replace(/%/g, "_")}`;
}

/** The name shown on a tab: the file name, with its folder when two tabs share a name. */
function labels(tabs: string[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const t of tabs) counts.set(basename(t), (counts.get(basename(t)) ?? 0) + 1);
  return new Map(tabs.map((t) => [t, (counts.get(basename(t)) ?? 0) > 1 ? t : basename(t)]));
}

function marker(file: FileState | undefined): { symbol: string; text: string } {
  if (!file) return { symbol: "", text: "" };
  if (file.status === "conflict") return { symbol: "!", text: " (conflict)" };
  if (file.status === "error") return { symbol: "!", text: " (not saved)" };
  if (file.status === "pending" || file.status === "saving") return { symbol: "●", text: " (unsaved)" };
  if (file.deleted) return { symbol: "✕", text: " (deleted)" };
  return { symbol: "", text: "" };
}

export function EditorTabs({ tabs, active, files, onActivate, onClose, panelId }: Props) {
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const focusNext = useRef<string | null>(null);
  const names = labels(tabs);

  useEffect(() => {
    if (focusNext.current) {
      refs.current.get(focusNext.current)?.focus();
      focusNext.current = null;
    }
  });

  const onKeyDown = (e: KeyboardEvent, path: string) => {
    const i = tabs.indexOf(path);
    let target: string | undefined;
    switch (e.key) {
      case "ArrowRight":
        target = tabs[(i + 1) % tabs.length];
        break;
      case "ArrowLeft":
        target = tabs[(i - 1 + tabs.length) % tabs.length];
        break;
      case "Home":
        target = tabs[0];
        break;
      case "End":
        target = tabs[tabs.length - 1];
        break;
      case "Delete":
        e.preventDefault();
        focusNext.current = tabs[i + 1] ?? tabs[i - 1] ?? null;
        onClose(path);
        return;
      default:
        return;
    }
    e.preventDefault();
    if (target) {
      focusNext.current = target;
      onActivate(target);
    }
  };

  if (tabs.length === 0) return null;

  return (
    <div role="tablist" aria-label="Open files" className="flex overflow-x-auto border-b border-zinc-800 bg-zinc-900">
      {tabs.map((path) => {
        const selected = path === active;
        const m = marker(files.get(path));
        const name = names.get(path) ?? path;
        return (
          <div
            key={path}
            role="presentation"
            className={`flex shrink-0 items-center border-r border-zinc-800 ${
              selected ? "bg-zinc-950 text-zinc-100" : "text-zinc-400 hover:bg-zinc-800"
            }`}
          >
            <button
              type="button"
              role="tab"
              id={tabId(path)}
              ref={(el) => {
                if (el) refs.current.set(path, el);
                else refs.current.delete(path);
              }}
              aria-selected={selected}
              aria-controls={panelId}
              tabIndex={selected ? 0 : -1}
              title={path}
              onClick={() => onActivate(path)}
              onKeyDown={(e) => onKeyDown(e, path)}
              className="py-1.5 pl-3 pr-1 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-sky-400"
            >
              {name}
              {m.symbol && (
                <span aria-hidden="true" className="ml-1 text-amber-400">
                  {m.symbol}
                </span>
              )}
              {m.text && <span className="sr-only">{m.text}</span>}
            </button>
            <button
              type="button"
              tabIndex={-1}
              aria-label={`Close ${name}`}
              title={`Close ${name}`}
              onClick={() => onClose(path)}
              className="mr-1 rounded px-1 text-zinc-500 hover:bg-zinc-700 hover:text-zinc-100"
            >
              <span aria-hidden="true">×</span>
            </button>
          </div>
        );
      })}
    </div>
  );
}
