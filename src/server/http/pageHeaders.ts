/**
 * What the custom server does to every request it hands to Next: the security headers, a page CSP with a fresh
 * nonce, and the marks only it can set (loopback, client address). The CSP is put on the request as well, as
 * Next's proxy (middleware) examples do: Next takes the nonce of the scripts it writes from the request's
 * `content-security-policy` header, so a policy a client sent is always replaced.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { markClientAddress } from "./clientAddress";
import { markLoopback } from "./loopback";
import { cspNonce, pageCsp, type SecurityHeaderOptions, securityHeaders } from "./securityHeaders";

export function pageRequestPreparer(options: SecurityHeaderOptions & { proxyHops: number }) {
  const headers = Object.entries(securityHeaders(options));
  return (req: IncomingMessage, res: ServerResponse): void => {
    for (const [name, value] of headers) res.setHeader(name, value);
    const csp = pageCsp(cspNonce(), options.dev, options.connectOrigins);
    res.setHeader("Content-Security-Policy", csp);
    req.headers["content-security-policy"] = csp;
    delete req.headers["content-security-policy-report-only"];
    markLoopback(req);
    markClientAddress(req, options.proxyHops);
  };
}
