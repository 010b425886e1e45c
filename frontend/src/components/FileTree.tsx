"use client";

/**
 * The file explorer, following the WAI-ARIA tree view pattern: role=tree/treeitem/group, aria-expanded on folders,
 * one focusable item at a time (roving tabindex). Keys: Up/Down move, Right opens a folder or enters it, Left
 * closes it or goes to the parent, Home/End, Enter opens a file (or toggles a folder), F2 renames, Delete deletes,
 * printable characters jump to the next item starting with them.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { visibleNodes, type TreeNode } from "@/lib/tree";
import { ChevronIcon, FileIcon, FolderIcon } from "./Icons";

export interface FileTreeProps {
  roots: TreeNode[];
  expanded: ReadonlySet<string>;
  onToggle: (path: string, open: boolean) => void;
  /** The item with the keyboard focus (and the selection). */
  selected: string | null;
  onSelect: (path: string) => void;
  /** The file shown in the editor. */
  activeFile: string | null;
  onOpen: (path: string) => void;
  onRename: (path: string) => void;
  onDelete: (path: string) => void;
  label?: string;
}

export function FileTree({
  roots,
  expanded,
  onToggle,
  selected,
  onSelect,
  activeFile,
  onOpen,
  onRename,
  onDelete,
  label = "Files",
}: FileTreeProps) {
  const visible = useMemo(() => visibleNodes(roots, expanded), [roots, expanded]);
  const items = useRef(new Map<string, HTMLLIElement>());
  const treeRef = useRef<HTMLUListElement>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const typeahead = useRef({ text: "", at: 0 });

  // the roving tab stop: the selected item when visible, else the first item
  const tabStop = visible.some((v) => v.node.path === selected) ? selected : (visible[0]?.node.path ?? null);

  useEffect(() => {
    if (focusRequest === 0 || !tabStop) return;
    items.current.get(tabStop)?.focus();
  }, [focusRequest, tabStop]);

  const moveTo = (path: string | undefined) => {
    if (!path) return;
    onSelect(path);
    setFocusRequest((n) => n + 1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.target instanceof HTMLInputElement) return;
    // the item the key was pressed on (the focused one); the roving tab stop otherwise
    const from = (e.target as HTMLElement).closest?.("[role=treeitem]")?.getAttribute("data-path") ?? tabStop;
    const index = visible.findIndex((v) => v.node.path === from);
    const current = visible[index];
    if (!current) return;
    const node = current.node;
    const isFolder = node.kind === "folder";
    const open = isFolder && expanded.has(node.path);
    let handled = true;
    switch (e.key) {
      case "ArrowDown":
        moveTo(visible[index + 1]?.node.path);
        break;
      case "ArrowUp":
        moveTo(visible[index - 1]?.node.path);
        break;
      case "Home":
        moveTo(visible[0]?.node.path);
        break;
      case "End":
        moveTo(visible[visible.length - 1]?.node.path);
        break;
      case "ArrowRight":
        if (isFolder && !open) onToggle(node.path, true);
        else if (isFolder && open && node.children.length) moveTo(visible[index + 1]?.node.path);
        break;
      case "ArrowLeft":
        if (isFolder && open) onToggle(node.path, false);
        else if (current.parent) moveTo(current.parent);
        break;
      case "Enter":
      case " ":
        if (isFolder) onToggle(node.path, !open);
        else onOpen(node.path);
        break;
      case "F2":
        onRename(node.path);
        break;
      case "Delete":
        onDelete(node.path);
        break;
      default:
        handled = false;
        if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && e.key.trim()) {
          const now = Date.now();
          const t = typeahead.current;
          t.text = now - t.at > 700 ? e.key.toLowerCase() : t.text + e.key.toLowerCase();
          t.at = now;
          const order = [...visible.slice(index + (t.text.length === 1 ? 1 : 0)), ...visible.slice(0, index + 1)];
          const hit = order.find((v) => v.node.name.toLowerCase().startsWith(t.text));
          if (hit) moveTo(hit.node.path);
          handled = true;
        }
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  const render = (nodes: TreeNode[], depth: number) =>
    nodes.map((node, i) => {
      const isFolder = node.kind === "folder";
      const open = isFolder && expanded.has(node.path);
      const isSelected = node.path === selected;
      return (
        <li
          key={node.path}
          ref={(el) => {
            if (el) items.current.set(node.path, el);
            else items.current.delete(node.path);
          }}
          role="treeitem"
          aria-label={node.name}
          aria-level={depth}
          aria-setsize={nodes.length}
          aria-posinset={i + 1}
          aria-expanded={isFolder ? open : undefined}
          aria-selected={isSelected}
          aria-current={node.path === activeFile ? "page" : undefined}
          tabIndex={node.path === tabStop ? 0 : -1}
          data-path={node.path}
          className="outline-none [&:focus-visible>div]:ring-2 [&:focus-visible>div]:ring-inset [&:focus-visible>div]:ring-sky-400"
          onFocus={(e) => {
            if (e.target === e.currentTarget && node.path !== selected) onSelect(node.path);
          }}
        >
          <div
            className={`flex cursor-pointer select-none items-center gap-1 truncate py-0.5 pr-2 text-sm ${
              isSelected ? "bg-sky-900/60" : "hover:bg-zinc-800"
            } ${node.path === activeFile ? "text-sky-200" : "text-zinc-200"}`}
            style={{ paddingLeft: `${(depth - 1) * 12 + 6}px` }}
            onClick={(e) => {
              e.stopPropagation();
              onSelect(node.path);
              setFocusRequest((n) => n + 1);
              if (isFolder) onToggle(node.path, !open);
              else onOpen(node.path);
            }}
          >
            <span className="flex w-3 shrink-0 justify-center text-zinc-500">
              {isFolder && <ChevronIcon open={open} />}
            </span>
            {isFolder ? (
              <FolderIcon className="shrink-0 text-amber-300/80" />
            ) : (
              <FileIcon className="shrink-0 text-zinc-400" />
            )}
            <span className="truncate">{node.name}</span>
          </div>
          {isFolder && open && node.children.length > 0 && (
            <ul role="group">{render(node.children, depth + 1)}</ul>
          )}
        </li>
      );
    });

  return (
    <ul ref={treeRef} role="tree" aria-label={label} onKeyDown={onKeyDown} className="py-1">
      {render(roots, 1)}
    </ul>
  );
}
