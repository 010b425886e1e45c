import type { Metadata } from "next";
import { WorkspaceList } from "@/components/WorkspaceList";

export const metadata: Metadata = { title: "Workspaces · Code Platform" };

export default function HomePage() {
  return <WorkspaceList />;
}
