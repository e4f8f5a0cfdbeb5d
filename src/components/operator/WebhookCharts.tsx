"use client";

import { BAD, GOOD, TimeBars, bucketLabel } from "../charts/ChartFrame";
import type { AttemptSeries } from "../../../convex/lib/operatorFigures";

/** Webhook delivery attempts per bucket, succeeded and failed stacked. */
export function WebhookCharts({ attempts }: { attempts: AttemptSeries }) {
  const rows = attempts.points.map((p) => ({ ...p, time: bucketLabel(p.start, attempts.granularity) }));
  return (
    <div className="charts">
      <TimeBars
        title="Webhook delivery attempts"
        rows={rows}
        series={[
          { key: "succeeded", name: "Succeeded", colour: GOOD },
          { key: "failed", name: "Failed", colour: BAD },
        ]}
      />
    </div>
  );
}
