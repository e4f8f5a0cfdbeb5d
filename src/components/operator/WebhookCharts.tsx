"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, Chart, GRID, TOOLTIP, bucketLabel } from "../charts/ChartFrame";
import type { AttemptSeries } from "../../../convex/lib/operatorFigures";

/** Webhook delivery attempts per bucket, succeeded and failed stacked. */
export function WebhookCharts({ attempts }: { attempts: AttemptSeries }) {
  const rows = attempts.points.map((p) => ({ ...p, time: bucketLabel(p.start, attempts.granularity) }));
  return (
    <div className="charts">
      <Chart title="Webhook delivery attempts">
        <BarChart data={rows}>
          <CartesianGrid stroke={GRID} />
          <XAxis dataKey="time" {...AXIS} />
          <YAxis allowDecimals={false} {...AXIS} />
          <Tooltip {...TOOLTIP} />
          <Legend />
          <Bar dataKey="succeeded" name="Succeeded" stackId="outcome" fill="#5ad19a" isAnimationActive={false} />
          <Bar dataKey="failed" name="Failed" stackId="outcome" fill="#ff7a7a" isAnimationActive={false} />
        </BarChart>
      </Chart>
    </div>
  );
}
