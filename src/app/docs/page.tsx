import type { Metadata } from "next";
import { type ErrorCode, errorCodes, problemAnchor } from "@/server/rest/errors";

export const metadata: Metadata = { title: "API docs" };

const codes = Object.entries(errorCodes) as [ErrorCode, (typeof errorCodes)[ErrorCode]][];

export default function DocsPage() {
  return (
    <>
      <h1>API docs</h1>
      <p className="lead">
        The full reference is the OpenAPI 3.1 document at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>, generated
        from the same schemas that validate requests. Load it into any OpenAPI viewer or client generator, or browse it in the{" "}
        <a href="/docs/api">interactive API reference</a>.
      </p>

      <h2>Authentication</h2>
      <p>Send your API key in a header. Keys are created in the dashboard and shown once.</p>
      <pre>
        <code>{`curl -H "X-API-Key: gs_live_…" https://your-host/api/v1/…
curl -H "Authorization: Bearer gs_live_…" https://your-host/api/v1/…`}</code>
      </pre>
      <p>
        <code>gs_test_…</code> keys behave the same and are never billed. Every answer carries an <code>X-Request-Id</code>; quote it
        when you contact support.
      </p>

      <h2>The Ghost Score</h2>
      <p>
        What the score, its components, the tiers and the confidence mean, and how they are computed:{" "}
        <a href="/docs/score">the Ghost Score explained</a>.
      </p>

      <h2>Health</h2>
      <p>
        <code>GET /api/health</code> needs no key and answers <code>{`{"status":"ok","backend":"embedded","version":"…"}`}</code> once
        the server has reached its database.
      </p>

      <h2>Errors</h2>
      <p>
        Every error is an RFC 9457 <code>application/problem+json</code> object:{" "}
        <code>{`{type, title, status, detail, code, requestId, errors?}`}</code>. Branch on <code>code</code>; <code>errors</code> lists
        each invalid field of a 400.
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">code</th>
              <th scope="col">status</th>
              <th scope="col">meaning</th>
            </tr>
          </thead>
          <tbody>
            {codes.map(([code, { status, title }]) => (
              <tr key={code} id={problemAnchor(code)}>
                <td>
                  <code>{code}</code>
                </td>
                <td>{status}</td>
                <td>{title}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
