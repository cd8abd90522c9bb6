import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Self-contained server (.next/standalone/server.js) for the container image.
  output: "standalone",
  // Security headers are set by the gateway; only drop the X-Powered-By header here.
  poweredByHeader: false,
  // The repository has other lockfiles (tools/); pin the project root to this
  // directory so tracing and Turbopack do not pick the repository root.
  outputFileTracingRoot: __dirname,
  turbopack: {
    root: __dirname,
  },
  // The app ships no raster images, so it needs no image optimisation; this
  // also keeps sharp and its ~37 MB of native libvips binaries out of the
  // standalone output (and so out of the image).
  images: {
    unoptimized: true,
  },
  experimental: {
    // Keep Next's response cache in memory only. With the default (true) the
    // server copies prerendered pages into .next/server/route-cache at
    // runtime, which a read-only root filesystem refuses; the pages are
    // already in the image, so nothing is lost.
    isrFlushToDisk: false,
  },
  outputFileTracingExcludes: {
    "*": ["node_modules/sharp/**", "node_modules/@img/**"],
  },
  // Without the gateway (next dev, or a local stack), API_PROXY_TARGET makes
  // Next do the gateway's job: /api/* → the backend with /api stripped. It is
  // read when the server starts in dev and baked in at `next build`; the image
  // build never sets it, so in the cluster only the gateway routes /api.
  async rewrites() {
    const target = process.env.API_PROXY_TARGET?.replace(/\/+$/, "");
    return target ? [{ source: "/api/:path*", destination: `${target}/:path*` }] : [];
  },
};

export default nextConfig;
