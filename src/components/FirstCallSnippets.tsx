import { CopyButton } from "./portal/webhooks/CopyButton";

/** The first call twice, side by side: with curl and with the TypeScript SDK, each with its copy button. */
export function FirstCallSnippets({ curl, sdk }: { curl: string; sdk: string }) {
  return (
    <div className="snippets">
      <figure>
        <figcaption>curl</figcaption>
        <pre data-testid="first-call-curl">{curl}</pre>
        <div className="actions">
          <CopyButton text={curl} label="Copy curl" />
        </div>
      </figure>
      <figure>
        <figcaption>
          TypeScript SDK (<code>@ghostspeak/sdk</code>)
        </figcaption>
        <pre data-testid="first-call-sdk">{sdk}</pre>
        <div className="actions">
          <CopyButton text={sdk} label="Copy SDK snippet" />
        </div>
      </figure>
    </div>
  );
}
