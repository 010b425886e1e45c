import type { NextConfig } from "next";

/**
 * A static export served by the gateway from classpath:/static/ (see GATEWAY_STATIC_SITE.java.txt).
 * Dynamic ids travel in the query string (/workspace/?id=...), so every route is pre-rendered once.
 */
const nextConfig: NextConfig = {
  output: "export",
  trailingSlash: true,
  images: { unoptimized: true },
  reactStrictMode: true,
  poweredByHeader: false,
  productionBrowserSourceMaps: false,
  // Type errors are caught by `npm run typecheck` (tsc --noEmit) and lint is not part of the build.
  eslint: { ignoreDuringBuilds: true },
};

export default nextConfig;
