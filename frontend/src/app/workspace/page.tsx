import type { Metadata } from "next";
import { Suspense } from "react";
import { WorkspacePage } from "@/components/WorkspacePage";

export const metadata: Metadata = { title: "Workspace · Code Platform" };

/** The IDE. The workspace id travels in the query string (/workspace/?id=...): a static export has one page. */
export default function Page() {
  return (
    <Suspense fallback={<p className="p-6 text-zinc-400">Loading…</p>}>
      <WorkspacePage />
    </Suspense>
  );
}
