import { afterEach, describe, expect, it } from "vitest";
import { HOST_REFUSED, type Resolve } from "../../../convex/lib/webhookHost";
import { assertWebhookHostPublic } from "./webhookUrlCheck";

/** A resolver of our own, so no test needs DNS: what each name resolves to, or the DNS error it fails with. */
const names: Record<string, string[] | Error> = {
  "hooks.example.com": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
  "127.0.0.1.nip.io": ["127.0.0.1"],
  "metadata.google.internal": ["169.254.169.254"],
  "mixed.example.com": ["93.184.215.14", "10.0.0.7"],
  "mapped.example.com": ["::ffff:192.168.1.1"],
  "empty.example.com": [],
  "missing.example.com": Object.assign(new Error("getaddrinfo ENOTFOUND missing.example.com"), { code: "ENOTFOUND" }),
};
const resolve: Resolve = async (hostname) => {
  const entry = names[hostname];
  if (entry === undefined || entry instanceof Error) throw entry ?? new Error(`ENOTFOUND ${hostname}`);
  return entry.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};

const refusal = async (url: string, resolver: Resolve = resolve) => {
  try {
    await assertWebhookHostPublic(url, resolver);
    return null;
  } catch (error) {
    return (error as { data?: { code: string; message: string } }).data;
  }
};

describe("assertWebhookHostPublic", () => {
  afterEach(() => {
    delete process.env.WEBHOOK_ALLOW_PRIVATE_URLS;
  });

  it("accepts a name whose every address is public", async () => {
    expect(await refusal("https://hooks.example.com/in")).toBeNull();
  });

  it("refuses every other outcome with one message: a private, mixed or mapped address, a DNS failure, no address", async () => {
    for (const host of ["127.0.0.1.nip.io", "metadata.google.internal", "mixed.example.com", "mapped.example.com", "empty.example.com", "missing.example.com"]) {
      expect([host, await refusal(`https://${host}/in`)]).toEqual([host, { code: "VALIDATION_ERROR", message: HOST_REFUSED }]);
    }
  });

  it("resolves with the system's resolver by default: localhost and localhost. are refused (offline, /etc/hosts)", async () => {
    for (const url of ["https://localhost/", "https://localhost./", "https://LOCALHOST:8443/x"]) {
      expect([url, await refusal(url, undefined)]).toEqual([url, { code: "VALIDATION_ERROR", message: HOST_REFUSED }]);
    }
  });

  it("leaves the URL's text to the mutation's check, and resolves nothing with WEBHOOK_ALLOW_PRIVATE_URLS=true", async () => {
    const never: Resolve = () => Promise.reject(new Error("resolved"));
    for (const url of ["http://localhost/", "not a url", "https://93.184.215.14/in"]) expect(await refusal(url, never)).toBeNull();
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "true";
    expect(await refusal("https://localhost/", never)).toBeNull();
  });
});
