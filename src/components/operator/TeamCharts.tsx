"use client";

import { Bar, BarChart, CartesianGrid, Cell, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, Chart, GRID, TOOLTIP, bucketLabel } from "../charts/ChartFrame";
import type { KeyDistribution, MemberGrowth } from "../../../convex/lib/operatorFigures";

const STATE_COLOURS = { active: "#5ad19a", expiring: "#ffb86b", expired: "#9aa3b5", revoked: "#ff7a7a" };

/** Member growth (joins per bucket and the running total) and the API key distribution, as charts. */
export function TeamCharts({ growth, keys }: { growth: MemberGrowth; keys: KeyDistribution }) {
  const growthRows = growth.points.map((p) => ({ time: bucketLabel(p.start, growth.granularity), added: p.added, total: p.total }));
  const stateRows = (Object.keys(STATE_COLOURS) as (keyof typeof STATE_COLOURS)[]).map((state) => ({ state, keys: keys.byState[state] }));
  return (
    <div className="charts">
      <Chart title="Member growth">
        <ComposedChart data={growthRows}>
          <CartesianGrid stroke={GRID} />
          <XAxis dataKey="time" {...AXIS} />
          <YAxis allowDecimals={false} {...AXIS} />
          <Tooltip {...TOOLTIP} />
          <Legend />
          <Bar dataKey="added" name="Joined" fill="#8b7dff" isAnimationActive={false} />
          <Line dataKey="total" name="Members" stroke="#5ad19a" dot={false} isAnimationActive={false} />
        </ComposedChart>
      </Chart>
      <Chart title="API keys by state">
        <BarChart data={stateRows}>
          <CartesianGrid stroke={GRID} />
          <XAxis dataKey="state" {...AXIS} />
          <YAxis allowDecimals={false} {...AXIS} />
          <Tooltip {...TOOLTIP} />
          <Bar dataKey="keys" name="Keys" isAnimationActive={false}>
            {stateRows.map((row) => (
              <Cell key={row.state} fill={STATE_COLOURS[row.state]} />
            ))}
          </Bar>
        </BarChart>
      </Chart>
      <Chart title="Keys in use by plan">
        <BarChart data={keys.byPlan}>
          <CartesianGrid stroke={GRID} />
          <XAxis dataKey="plan" {...AXIS} />
          <YAxis allowDecimals={false} {...AXIS} />
          <Tooltip {...TOOLTIP} />
          <Legend />
          <Bar dataKey="live" name="Live" stackId="kind" fill="#8b7dff" isAnimationActive={false} />
          <Bar dataKey="test" name="Test" stackId="kind" fill="#ffb86b" isAnimationActive={false} />
        </BarChart>
      </Chart>
    </div>
  );
}
