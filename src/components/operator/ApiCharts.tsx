"use client";

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, BAD, Chart, GOOD, GRID, TimeBars, TOOLTIP, WARN, bucketLabel } from "../charts/ChartFrame";
import { LATENCY_BUCKET_BOUNDS_MS } from "../../../convex/lib/latency";
import type { ApiSeries } from "../../../convex/lib/operatorFigures";

/** API calls per bucket by outcome (stacked), and latency percentiles per bucket on a log axis of the bucket bounds. */
export function ApiCharts({ series }: { series: ApiSeries }) {
  const rows = series.points.map((p) => ({ ...p, time: bucketLabel(p.start, series.granularity) }));
  return (
    <div className="charts">
      <TimeBars
        title="API calls by outcome"
        rows={rows}
        series={[
          { key: "success", name: "Success", colour: GOOD },
          { key: "clientErrors", name: "4xx", colour: WARN },
          { key: "serverErrors", name: "5xx", colour: BAD },
        ]}
      />
      <Chart title="API latency p50 / p95 / p99 (ms)">
        <LineChart data={rows}>
          <CartesianGrid stroke={GRID} />
          <XAxis dataKey="time" {...AXIS} />
          {/* Percentiles are bucket bounds, so the bounds are the ticks; a log axis keeps 5 ms and 2.5 s apart, and the
              fixed domain keeps the axis when no bucket has a percentile. */}
          <YAxis
            scale="log"
            domain={[LATENCY_BUCKET_BOUNDS_MS[0], LATENCY_BUCKET_BOUNDS_MS.at(-1)!]}
            allowDataOverflow
            ticks={[...LATENCY_BUCKET_BOUNDS_MS]}
            {...AXIS}
          />
          <Tooltip {...TOOLTIP} />
          <Legend />
          <Line dataKey="p50Ms" name="p50" unit=" ms" stroke={GOOD} isAnimationActive={false} />
          <Line dataKey="p95Ms" name="p95" unit=" ms" stroke="#8b7dff" isAnimationActive={false} />
          <Line dataKey="p99Ms" name="p99" unit=" ms" stroke={BAD} isAnimationActive={false} />
        </LineChart>
      </Chart>
    </div>
  );
}
