import type { Server } from "node:http";

/**
 * Stops accepting connections, lets in-flight requests finish (closing keep-alive connections as they go idle)
 * and, past the deadline, cuts whatever is left. Resolves once the server is fully closed.
 */
export async function drain(server: Server, deadlineMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A keep-alive connection that just finished a response would otherwise hold the server open until it times out.
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  server.closeIdleConnections();
  const deadline = new Promise<"timeout">((resolve) => setTimeout(resolve, deadlineMs, "timeout").unref());
  try {
    if ((await Promise.race([closed, deadline])) === "timeout") {
      server.closeAllConnections();
      await closed;
    }
  } finally {
    clearInterval(sweep);
  }
}
