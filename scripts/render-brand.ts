/**
 * `npm run brand`: renders the PNG and ICO files of `public/` from `public/icon.svg` and the Open Graph card below,
 * in Debian's Chromium (the e2e suite's browser; nothing is fetched). Run it after changing the icon; the output
 * is committed, so neither `npm start` nor a deployment needs a browser.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { chromiumPath, ensureChromium } from "./lib/debianPackages";

const publicDir = path.resolve("public");
const iconSvg = readFileSync(path.join(publicDir, "icon.svg"), "utf8");
const logoSvg = readFileSync(path.join(publicDir, "logo.svg"), "utf8");

/** The icon alone, at `size` px; `square`: no rounded corners (iOS rounds the apple-touch icon itself). */
async function renderIcon(page: Page, size: number, square = false): Promise<Buffer> {
  const svg = square ? iconSvg.replace('rx="7"', 'rx="0"') : iconSvg;
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
  // The element, not the page: Chromium keeps a minimum window size larger than a 16 px icon.
  return page.locator("svg").screenshot({ omitBackground: true });
}

/** An ICO holding PNG images (Windows Vista onwards and every browser read PNG entries). */
function ico(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size % 256, entry);
    header.writeUInt8(size % 256, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

const ogCard = `<!doctype html><html><head><style>
html, body { margin: 0; }
body { width: 1200px; height: 630px; box-sizing: border-box; padding: 88px 96px; background: radial-gradient(circle at 85% 20%, #231f45 0, #0b0d12 55%);
  color: #e8ebf2; font-family: system-ui, "DejaVu Sans", sans-serif; display: flex; flex-direction: column; justify-content: space-between; }
.brand { display: flex; align-items: center; gap: 28px; font-size: 64px; font-weight: 700; letter-spacing: -0.01em; }
.brand svg { width: 84px; height: 110px; }
h1 { font-size: 54px; line-height: 1.15; margin: 0; max-width: 1000px; font-weight: 700; }
.call { font-family: "DejaVu Sans Mono", monospace; font-size: 26px; white-space: nowrap; color: #9aa3b5; background: #141821; border: 2px solid #262c3a;
  border-radius: 14px; padding: 22px 28px; align-self: flex-start; }
.call b { color: #8b7dff; font-weight: 600; }
</style></head><body>
<div class="brand">${logoSvg}GhostSpeak</div>
<h1>Verify an AI agent's reputation before you hire it.</h1>
<div class="call">POST /api/v1/verify → <b>"ghostScore": 874, "tier": "PLATINUM"</b></div>
</body></html>`;

async function main(): Promise<void> {
  await ensureChromium();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    // One after the other: they share the page.
    const favicon = [];
    for (const size of [16, 32, 48]) favicon.push({ size, png: await renderIcon(page, size) });
    writeFileSync(path.join(publicDir, "favicon.ico"), ico(favicon));
    writeFileSync(path.join(publicDir, "apple-touch-icon.png"), await renderIcon(page, 180, true));
    writeFileSync(path.join(publicDir, "icon-192.png"), await renderIcon(page, 192));
    writeFileSync(path.join(publicDir, "icon-512.png"), await renderIcon(page, 512));
    await page.setViewportSize({ width: 1200, height: 630 });
    await page.setContent(ogCard);
    writeFileSync(path.join(publicDir, "og.png"), await page.screenshot());
  } finally {
    await browser.close();
  }
  console.log(`Rendered favicon.ico, apple-touch-icon.png, icon-192.png, icon-512.png and og.png into ${publicDir}`);
}

main().catch((error: unknown) => {
  console.error(`render-brand failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
