/** Small inline icons (no icon font, no emoji: the machine may have no emoji font). Decorative: aria-hidden. */
import type { SVGProps } from "react";

const base = (props: SVGProps<SVGSVGElement>) => ({
  width: 16,
  height: 16,
  viewBox: "0 0 16 16",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 1.4,
  strokeLinecap: "round" as const,
  strokeLinejoin: "round" as const,
  "aria-hidden": true,
  focusable: false,
  ...props,
});

export const FileIcon = (p: SVGProps<SVGSVGElement>) => (
  <svg {...base(p)}>
    <path d="M4 1.5h5l3 3v10H4z" />
    <path d="M9 1.5v3h3" />
  </svg>
);

export const FolderIcon = (p: SVGProps<SVGSVGElement>) => (
  <svg {...base(p)}>
    <path d="M1.5 3.5h4.5l1.5 1.5h7v8.5h-13z" />
  </svg>
);

export const NewFileIcon = (p: SVGProps<SVGSVGElement>) => (
  <svg {...base(p)}>
    <path d="M8 14.5H3.5v-13h5l3 3V8" />
    <path d="M12 10.5v4M10 12.5h4" />
  </svg>
);

export const NewFolderIcon = (p: SVGProps<SVGSVGElement>) => (
  <svg {...base(p)}>
    <path d="M8 13.5H1.5v-10h4.5l1.5 1.5h7V8" />
    <path d="M12 9.5v5M9.5 12h5" />
  </svg>
);

export const RenameIcon = (p: SVGProps<SVGSVGElement>) => (
  <svg {...base(p)}>
    <path d="M10.5 2.5l3 3-8 8h-3v-3z" />
  </svg>
);

export const TrashIcon = (p: SVGProps<SVGSVGElement>) => (
  <svg {...base(p)}>
    <path d="M2.5 4h11M6 4V2.5h4V4M4 4l.8 10h6.4L12 4" />
  </svg>
);

export const ChevronIcon = ({ open, ...p }: SVGProps<SVGSVGElement> & { open: boolean }) => (
  <svg {...base({ width: 12, height: 12, ...p })} style={{ transform: open ? "rotate(90deg)" : undefined }}>
    <path d="M6 4l4 4-4 4" />
  </svg>
);
