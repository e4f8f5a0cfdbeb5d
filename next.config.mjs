/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // No source maps for browsers (the default, stated): the browser SDK's stack traces stay minified.
  productionBrowserSourceMaps: false,
  // Native module: loaded by Node at run time, never bundled.
  serverExternalPackages: ["better-sqlite3", "@sentry/node"],
  // Set by `npm start` and `npm test` (scripts/lib/build.ts): `npm test` runs `tsc --noEmit` over the whole project
  // before it builds, so Next's own check is the same work twice, and `npm start` serves a checkout that passed it.
  // A bare `next build` (`npm run build`) still checks.
  typescript: { ignoreBuildErrors: process.env.GHOSTSPEAK_SKIP_BUILD_TYPECHECK === "1" },
};

export default nextConfig;
