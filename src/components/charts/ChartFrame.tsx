"use client";

import type { ReactElement } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** The portal's chart styling on the dark panel, shared by every recharts chart. */
export const AXIS = { stroke: "#9aa3b5", fontSize: 12 };
export const GRID = "#262c3a";
/** Outcome colours: success, client errors, server errors and failures. */
export const GOOD = "#5ad19a";
export const WARN = "#ffb86b";
export const BAD = "#ff7a7a";
export const TOOLTIP = { contentStyle: { background: "#141821", border: `1px solid ${GRID}` }, labelStyle: { color: "#e8ebf2" } };

/** A bucket's start as an axis label, in UTC so the server render and the browser agree. */
export function bucketLabel(start: number, granularity: "hour" | "day"): string {
  const options: Intl.DateTimeFormatOptions =
    granularity === "hour" ? { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" } : { day: "numeric", month: "short", timeZone: "UTC" };
  return new Date(start).toLocaleString("en-US", options);
}

/** A titled chart that takes the panel's width. */
export function Chart({ title, children }: { title: string; children: ReactElement }) {
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        {children}
      </ResponsiveContainer>
    </figure>
  );
}

export type BarSeries = { key: string; name?: string; colour: string };

/**
 * Counts per time bucket (rows keyed by `time`, from `bucketLabel`), one bar a bucket with the series stacked in
 * it. `legend` off for a lone series, whose title names it.
 */
export function TimeBars({ title, rows, series, integers = true, legend = true }: { title: string; rows: object[]; series: BarSeries[]; integers?: boolean; legend?: boolean }) {
  return (
    <Chart title={title}>
      <BarChart data={rows}>
        <CartesianGrid stroke={GRID} />
        <XAxis dataKey="time" {...AXIS} />
        <YAxis allowDecimals={!integers} {...AXIS} />
        <Tooltip {...TOOLTIP} />
        {legend ? <Legend /> : null}
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.name ?? s.key} stackId="buckets" fill={s.colour} isAnimationActive={false} />
        ))}
      </BarChart>
    </Chart>
  );
}
