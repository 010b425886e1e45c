"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useRequireToken } from "@/lib/useAuth";
import { Ide } from "./Ide";

export function WorkspacePage() {
  const ready = useRequireToken();
  const id = useSearchParams().get("id");
  if (!ready) return null;
  if (!id) {
    return (
      <main className="mx-auto max-w-md p-6">
        <h1 className="mb-2 text-xl font-semibold">No workspace chosen</h1>
        <Link href="/" className="text-sky-400 underline">
          Choose one of your workspaces
        </Link>
      </main>
    );
  }
  // a new id means a new IDE (state, autosave, terminal)
  return <Ide key={id} workspaceId={id} />;
}
