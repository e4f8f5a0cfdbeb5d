/**
 * The paths the custom server hands straight to the REST app, never entering Next's router (ARCHITECTURE.md:
 * that is what makes the REST API fast). Next mounts the same app under the same paths for Next-only hosts.
 */
export function isRestPath(url: string): boolean {
  const query = url.indexOf("?");
  const path = query === -1 ? url : url.slice(0, query);
  return (
    path === "/api/health" ||
    path === "/api/metrics" ||
    path === "/api/v1" ||
    path.startsWith("/api/v1/") ||
    path === "/api/internal" ||
    path.startsWith("/api/internal/")
  );
}
