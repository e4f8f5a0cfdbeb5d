import { request } from "node:http";

export interface Answer {
  status: number;
  body: string;
  /** Bytes the client managed to hand to the connection before the answer (or the connection's end). */
  sent: number;
}

/**
 * Sends `total` bytes in 64 KiB pieces, declared (Content-Length) or chunked, stopping at the answer: the way a
 * client streaming a huge body meets an early 413.
 */
export function sendLargeBody(
  url: string,
  total: number,
  options: { chunked: boolean; path?: string; headers?: Record<string, string> },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const piece = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    let answered = false;
    const req = request(`${url}${options.path ?? "/echo"}`, {
      method: "POST",
      headers: { ...options.headers, ...(options.chunked ? { "Transfer-Encoding": "chunked" } : { "Content-Length": String(total) }) },
    });
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (text: string) => (body += text));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, sent }));
      res.on("error", reject);
    });
    // Writing into a connection the server closed fails; the answer already arrived by then.
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const pump = () => {
      while (!answered && sent < total) {
        const next = piece.subarray(0, Math.min(piece.length, total - sent));
        sent += next.length;
        if (!req.write(next)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}
