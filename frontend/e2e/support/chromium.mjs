// Debian's Chromium, never a downloaded browser. Without the background-networking flags it floods this machine's
// closed network with connection attempts (STACK.md, frontend trap 5).
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
