// The REST app (src/server/rest) mounted for Next-only hosts; `npm start` answers this path without Next.
export { DELETE, GET, OPTIONS, PATCH, POST, PUT } from "@/server/rest/nextHandler";

export const dynamic = "force-dynamic";
