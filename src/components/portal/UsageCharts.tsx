"use client";

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, BAD, Chart, GOOD, GRID, TimeBars, TOOLTIP, WARN, bucketLabel } from "../charts/ChartFrame";
import { microUsdToUsd } from "../../../convex/lib/money";
import type { UsageChartsView } from "../../../convex/lib/usageCharts";
import type { Granularity } from "../../../convex/lib/usageBuckets";

/** Distinct series colours that read on the dark panel. */
const COLOURS = ["#8b7dff", "#5ad19a", "#ffb86b", "#6bc7ff", "#ff7ab6", "#d4e157", "#ff7a7a"];

/** Calls by endpoint, errors, latency p50/p95 and (for roles sent costs) cost over the range (times in UTC). */
export function UsageCharts({ charts, granularity, withCost }: { charts: UsageChartsView; granularity: Granularity; withCost: boolean }) {
  const rows = charts.buckets.map((bucket) => ({
    time: bucketLabel(bucket.start, granularity),
    ...Object.fromEntries(charts.endpoints.map((endpoint) => [endpoint, bucket.byEndpoint[endpoint]?.calls ?? 0])),
    clientErrors: bucket.total.clientErrors,
    serverErrors: bucket.total.serverErrors,
    p50: bucket.total.p50Ms,
    p95: bucket.total.p95Ms,
    cost: microUsdToUsd(bucket.total.costMicroUsd ?? 0),
  }));
  return (
    <div className="charts">
      <TimeBars title="Calls by endpoint" rows={rows} series={charts.endpoints.map((endpoint, i) => ({ key: endpoint, colour: COLOURS[i % COLOURS.length] }))} />
      <TimeBars
        title="Errors"
        rows={rows}
        series={[
          { key: "clientErrors", name: "4xx", colour: WARN },
          { key: "serverErrors", name: "5xx", colour: BAD },
        ]}
      />
      <Chart title="Latency (ms, bucket upper bound)">
        <LineChart data={rows}>
          <CartesianGrid stroke={GRID} />
          <XAxis dataKey="time" {...AXIS} />
          <YAxis {...AXIS} />
          <Tooltip {...TOOLTIP} />
          <Legend />
          <Line dataKey="p50" name="p50" stroke={GOOD} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
          <Line dataKey="p95" name="p95" stroke="#8b7dff" dot={{ r: 2 }} connectNulls isAnimationActive={false} />
        </LineChart>
      </Chart>
      {withCost && <TimeBars title="Cost (USD)" rows={rows} series={[{ key: "cost", name: "Cost", colour: "#6bc7ff" }]} integers={false} legend={false} />}
    </div>
  );
}
