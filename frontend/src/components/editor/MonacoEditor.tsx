"use client";

/**
 * Monaco from the local monaco-editor package (never a CDN), loaded client-side only (next/dynamic, ssr:false) the
 * first time a file is opened. One editor, one model per open file (undo history survives switching tabs).
 */
import Editor, { loader, type OnMount } from "@monaco-editor/react";
import * as monaco from "monaco-editor";
import { useEffect, useRef } from "react";
import { modelUri } from "./models";

type WorkerFactory = () => Worker;

// Every label Monaco asks for has a worker bundled from the local package (STACK trap 4).
const workers: Record<string, WorkerFactory> = {
  json: () => new Worker(new URL("monaco-editor/language/json/json.worker", import.meta.url), { type: "module" }),
  css: () => new Worker(new URL("monaco-editor/language/css/css.worker", import.meta.url), { type: "module" }),
  html: () => new Worker(new URL("monaco-editor/language/html/html.worker", import.meta.url), { type: "module" }),
  typescript: () =>
    new Worker(new URL("monaco-editor/language/typescript/ts.worker", import.meta.url), { type: "module" }),
  editor: () => new Worker(new URL("monaco-editor/editor/editor.worker", import.meta.url), { type: "module" }),
};

const workerFor: Record<string, WorkerFactory> = {
  json: workers.json!,
  css: workers.css!,
  scss: workers.css!,
  less: workers.css!,
  html: workers.html!,
  handlebars: workers.html!,
  razor: workers.html!,
  typescript: workers.typescript!,
  javascript: workers.typescript!,
};

(globalThis as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    return (workerFor[label] ?? workers.editor!)();
  },
};

loader.config({ monaco });

export interface EditorBridge {
  /** Replaces a file's content in its model (reload, take theirs); no-op if the file has no model. */
  setContent(path: string, content: string): void;
  /** Forgets a file's model (tab closed, file deleted or moved). */
  dispose(path: string): void;
  focus(): void;
}

interface Props {
  path: string;
  language: string;
  initialContent: string;
  onChange: (path: string, content: string) => void;
  onSaveNow: (path: string) => void;
  onBridge: (bridge: EditorBridge | null) => void;
  /** Each new value moves the keyboard focus into the editor (e.g. after creating a file). */
  focusToken?: number;
}

function model(path: string): monaco.editor.ITextModel | null {
  return monaco.editor.getModel(monaco.Uri.parse(modelUri(path)));
}

export default function MonacoEditor({
  path,
  language,
  initialContent,
  onChange,
  onSaveNow,
  onBridge,
  focusToken = 0,
}: Props) {
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const focusedToken = useRef(0);

  useEffect(() => {
    if (focusToken > focusedToken.current && editorRef.current) {
      focusedToken.current = focusToken;
      editorRef.current.focus();
    }
  }, [focusToken, path]);
  const latest = useRef({ onChange, onSaveNow, path, focusToken });
  latest.current = { onChange, onSaveNow, path, focusToken };

  useEffect(() => {
    const bridge: EditorBridge = {
      setContent(p, content) {
        const m = model(p);
        if (m && m.getValue() !== content) {
          m.pushEditOperations([], [{ range: m.getFullModelRange(), text: content }], () => null);
        }
      },
      dispose(p) {
        model(p)?.dispose();
      },
      focus() {
        editorRef.current?.focus();
      },
    };
    onBridge(bridge);
    return () => onBridge(null);
  }, [onBridge]);

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    if (latest.current.focusToken > focusedToken.current) {
      focusedToken.current = latest.current.focusToken;
      editor.focus();
    }
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => latest.current.onSaveNow(latest.current.path));
  };

  return (
    <Editor
      path={modelUri(path)}
      defaultLanguage={language}
      language={language}
      defaultValue={initialContent}
      theme="vs-dark"
      loading={<p className="p-3 text-sm text-zinc-400">Loading editor…</p>}
      onMount={onMount}
      onChange={(value) => {
        // the model that changed is the editor's current one
        const current = editorRef.current?.getModel();
        const changedPath = current ? pathOfModel(current.uri.toString(true)) : latest.current.path;
        latest.current.onChange(changedPath ?? latest.current.path, value ?? "");
      }}
      options={{
        ariaLabel: `Editor: ${path}`,
        automaticLayout: true,
        minimap: { enabled: false },
        fontSize: 14,
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace',
        scrollBeyondLastLine: false,
        tabSize: 4,
        insertSpaces: true,
        renderWhitespace: "selection",
        wordWrap: "off",
      }}
    />
  );
}

function pathOfModel(uri: string): string | null {
  const prefix = "file:///";
  if (!uri.startsWith(prefix)) return null;
  return uri
    .slice(prefix.length)
    .split("/")
    .map((s) => decodeURIComponent(s))
    .join("/");
}
