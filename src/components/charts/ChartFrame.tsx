"use client";

import type { ReactElement } from "react";
import { ResponsiveContainer } from "recharts";

/** The portal's chart styling on the dark panel, shared by every recharts chart. */
export const AXIS = { stroke: "#9aa3b5", fontSize: 12 };
export const GRID = "#262c3a";
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
