import { type NextRequest, NextResponse } from "next/server";
import { mailDelivery } from "@/server/auth/mailDelivery";
import { isOutboxAccessSecret, OUTBOX_ACCESS_COOKIE } from "@/server/auth/outboxAccess";
import { localOutboxAccessSecret } from "@/server/auth/outboxSeal";
import { LOOPBACK_HEADER } from "@/server/http/loopback";

export const dynamic = "force-dynamic";

/**
 * The link the server's console prints (`npm start`): it trades the outbox's access secret for a cookie scoped
 * to the outbox and takes the secret out of the address bar. A wrong or missing key, a request a proxy relayed,
 * or a server without the outbox all get the outbox's 404, so a stranger learns nothing here.
 */
export function GET(request: NextRequest): Response {
  const secret = mailDelivery() === "outbox" && request.headers.get(LOOPBACK_HEADER) === "1" ? localOutboxAccessSecret() : undefined;
  if (!secret || !isOutboxAccessSecret(request.nextUrl.searchParams.get("key"), secret)) {
    return new Response(null, { status: 404, headers: { "Cache-Control": "no-store" } });
  }
  // Relative: the outbox on whatever host the link was opened on, which is where the cookie now lives.
  const response = new NextResponse(null, { status: 303, headers: { Location: "/dev/outbox", "Cache-Control": "no-store" } });
  response.cookies.set(OUTBOX_ACCESS_COOKIE, secret, {
    httpOnly: true,
    sameSite: "strict",
    path: "/dev/outbox",
    secure: request.nextUrl.protocol === "https:",
  });
  return response;
}
