"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, Chart, GRID, TOOLTIP, bucketLabel } from "../charts/ChartFrame";
import { microUsdToUsd } from "../../../convex/lib/money";
import type { UsageCharts as Charts } from "../../../convex/lib/usageCharts";
import type { Granularity } from "../../../convex/lib/usageSeries";

/** Distinct series colours that read on the dark panel. */
const COLOURS = ["#8b7dff", "#5ad19a", "#ffb86b", "#6bc7ff", "#ff7ab6", "#d4e157", "#ff7a7a"];


/** Calls by endpoint, errors, latency p50/p95 and cost over the range (times in UTC). */
export function UsageCharts({ charts, granularity }: { charts: Charts; granularity: Granularity }) {
  const rows = charts.buckets.map((bucket) => ({
    time: bucketLabel(bucket.start, granularity),
    ...Object.fromEntries(charts.endpoints.map((endpoint) => [endpoint, bucket.byEndpoint[endpoint]?.calls ?? 0])),
    clientErrors: bucket.total.clientErrors,
    serverErrors: bucket.total.serverErrors,
    p50: bucket.total.p50Ms,
    p95: bucket.total.p95Ms,
    cost: microUsdToUsd(bucket.total.costMicroUsd),
  }));
  return (
    <div className="charts">
      <Chart title="Calls by endpoint">
        <BarChart data={rows}>
          <CartesianGrid stroke={GRID} />
          <XAxis dataKey="time" {...AXIS} />
          <YAxis allowDecimals={false} {...AXIS} />
          <Tooltip {...TOOLTIP} />
          <Legend />
          {charts.endpoints.map((endpoint, i) => (
            <Bar key={endpoint} dataKey={endpoint} stackId="calls" fill={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </Chart>
      <Chart title="Errors">
        <BarChart data={rows}>
          <CartesianGrid stroke={GRID} />
          <XAxis dataKey="time" {...AXIS} />
          <YAxis allowDecimals={false} {...AXIS} />
          <Tooltip {...TOOLTIP} />
          <Legend />
          <Bar dataKey="clientErrors" name="4xx" stackId="errors" fill="#ffb86b" isAnimationActive={false} />
          <Bar dataKey="serverErrors" name="5xx" stackId="errors" fill="#ff7a7a" isAnimationActive={false} />
        </BarChart>
      </Chart>
      <Chart title="Latency (ms, bucket upper bound)">
        <LineChart data={rows}>
          <CartesianGrid stroke={GRID} />
          <XAxis dataKey="time" {...AXIS} />
          <YAxis {...AXIS} />
          <Tooltip {...TOOLTIP} />
          <Legend />
          <Line dataKey="p50" name="p50" stroke="#5ad19a" dot={{ r: 2 }} connectNulls isAnimationActive={false} />
          <Line dataKey="p95" name="p95" stroke="#8b7dff" dot={{ r: 2 }} connectNulls isAnimationActive={false} />
        </LineChart>
      </Chart>
      <Chart title="Cost (USD)">
        <BarChart data={rows}>
          <CartesianGrid stroke={GRID} />
          <XAxis dataKey="time" {...AXIS} />
          <YAxis {...AXIS} />
          <Tooltip {...TOOLTIP} />
          <Bar dataKey="cost" name="Cost" fill="#6bc7ff" isAnimationActive={false} />
        </BarChart>
      </Chart>
    </div>
  );
}
