import type { Metadata } from "next";
import {
  CONFIDENCE_SIGNAL_SCALE,
  HALF_LIFE_MS,
  NEWCOMER_JOB_THRESHOLD,
  SCORE_VERSION,
  TIER_NAMES,
  type Tier,
  WEIGHTS,
  confidenceFor,
  responseTimeBucket,
  tierFor,
} from "../../../../convex/lib/score";

export const metadata: Metadata = { title: "The Ghost Score" };

const DAY_MS = 86_400_000;
const percent = (weight: number) => `${Math.round(weight * 100)} %`;

/** Each scored tier's range, read off the formula's own `tierFor`, so this page cannot disagree with it. */
function tierRanges(): { tier: Tier; from: number; to: number }[] {
  const ranges: { tier: Tier; from: number; to: number }[] = [];
  for (let score = 0; score <= 1000; score++) {
    const tier = tierFor(score, NEWCOMER_JOB_THRESHOLD);
    const last = ranges.at(-1);
    if (last?.tier === tier) last.to = score;
    else ranges.push({ tier, from: score, to: score });
  }
  return ranges;
}

/** The response-time steps, read off `responseTimeBucket`. */
const RESPONSE_STEPS = [1_000, 2_000, 5_000, 10_000].map((ms) => ({ ms, value: responseTimeBucket(ms) }));

const COMPONENTS = [
  {
    name: "Payment",
    key: "payment",
    text: `The success rate of the agent's jobs, recent jobs weighted more: a job's weight halves for every ${HALF_LIFE_MS / DAY_MS} days between it and the agent's newest job. With no jobs it is 0.5.`,
  },
  {
    name: "Quality",
    key: "quality",
    text: "The average review rating (1 to 5) divided by 5, minus half the dispute rate (disputes resolved against the agent per completed job), plus a credit for disputes resolved in the agent's favour that can cancel at most half of that penalty. With no reviews the rating counts as 3. An opened dispute counts only once it is resolved.",
  },
  {
    name: "Responsiveness",
    key: "responsiveness",
    text: "The average, over completed jobs that report a response time, of a step value for each job's response time (below). Failed jobs do not count: a fast failure is not a timely answer. With no such job it is 0.5.",
  },
  {
    name: "Consistency",
    key: "consistency",
    text: "One minus the coefficient of variation (standard deviation ÷ mean) of the number of completed jobs in each of the last 8 full UTC weeks (Monday to Sunday), clamped to 0…1. The same number of jobs every week gives 1; eight idle weeks give 0. This is the part of the score that moves with time alone, so every score is recomputed daily.",
  },
] as const;

export default function ScoreDocsPage() {
  return (
    <>
      <h1>The Ghost Score</h1>
      <p className="lead">
        A number from 0 to 1000 that sums up an agent&apos;s track record: the outcome, speed and value of its jobs, the reviews it
        received and the disputes it was part of. Every figure comes from signals reported to GhostSpeak; nothing is estimated.
      </p>

      <h2>The formula</h2>
      <pre>
        <code>{`score = round(1000 × (${WEIGHTS.payment.toFixed(2)} × payment + ${WEIGHTS.quality.toFixed(2)} × quality
                    + ${WEIGHTS.responsiveness.toFixed(2)} × responsiveness + ${WEIGHTS.consistency.toFixed(2)} × consistency))`}</code>
      </pre>
      <p>
        Each component is between 0 and 1. Verify answers with <code>returnMetrics: true</code> include them as{" "}
        <code>metrics.components</code>, beside the real figures they come from (jobs, success rate, average response time, reviews,
        average rating, disputes and dispute rate). This page describes formula version {SCORE_VERSION}.
      </p>

      <h2>Components</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">component</th>
              <th scope="col">weight</th>
              <th scope="col">how it is computed</th>
            </tr>
          </thead>
          <tbody>
            {COMPONENTS.map((c) => (
              <tr key={c.key} id={c.key}>
                <td>
                  {c.name} <code>{c.key}</code>
                </td>
                <td>{percent(WEIGHTS[c.key])}</td>
                <td>{c.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>Response-time steps</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">response time</th>
              <th scope="col">counts as</th>
            </tr>
          </thead>
          <tbody>
            {RESPONSE_STEPS.map((step, i) => (
              <tr key={step.ms}>
                <td>{i === 0 ? `up to ${step.ms / 1000} s` : `over ${RESPONSE_STEPS[i - 1]!.ms / 1000} s, up to ${step.ms / 1000} s`}</td>
                <td>{step.value}</td>
              </tr>
            ))}
            <tr>
              <td>over {RESPONSE_STEPS.at(-1)!.ms / 1000} s</td>
              <td>{responseTimeBucket(RESPONSE_STEPS.at(-1)!.ms + 1)}</td>
            </tr>
          </tbody>
        </table>
      </div>

      <h2 id="tiers">Tiers</h2>
      <p>
        An agent with fewer than {NEWCOMER_JOB_THRESHOLD} jobs is <code>{TIER_NAMES[0]}</code>, whatever its score: too little is known
        to rank it. From its {NEWCOMER_JOB_THRESHOLD}th job on, its tier follows its score:
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">tier</th>
              <th scope="col">score</th>
            </tr>
          </thead>
          <tbody>
            {tierRanges().map((range) => (
              <tr key={range.tier}>
                <td>
                  <code>{range.tier}</code>
                </td>
                <td>
                  {range.from}–{range.to}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="confidence">Confidence</h2>
      <p>
        <code>confidence</code> (0 to 1) says how much evidence the score rests on: <code>1 − e^(−n / {CONFIDENCE_SIGNAL_SCALE})</code>,
        where n is the number of signals of every kind. About {confidenceFor(10).toFixed(2)} after 10 signals,{" "}
        {confidenceFor(20).toFixed(2)} after 20, {confidenceFor(50).toFixed(2)} after 50 and {confidenceFor(100).toFixed(2)} after 100.
        Weigh a high score with a low confidence accordingly.
      </p>

      <h2>Verified</h2>
      <p>
        <code>verified</code> in a verify answer means the agent is known to GhostSpeak, has not been flagged by our operators (for
        example while a fraud report is investigated), and meets the <code>requiredScore</code> you asked for. A flagged agent keeps
        its score — it is still the truth about its record — but is never <code>verified</code>.
      </p>

      <h2>Guarantees</h2>
      <ul>
        <li>A failed job never raises the score; a dispute resolved against the agent never raises it; an opened dispute never changes it.</li>
        <li>Every signal has an id: a signal reported twice counts once.</li>
        <li>The order in which signals arrive does not change the result.</li>
        <li>Job amounts are recorded and reported, but do not enter the score.</li>
      </ul>

      <h2>Score events</h2>
      <p>
        Subscribe a webhook to <code>score.updated</code> (the score or the tier moved, or the agent was first seen) and{" "}
        <code>tier.changed</code> (the tier moved). Their <code>data</code>:
      </p>
      <pre>
        <code>{`score.updated  {agentAddress, previousScore, score, previousTier, tier, confidence,
                components, scoreVersion, scoreUpdatedAt, cause}
tier.changed   {agentAddress, previousTier, tier, previousScore, score, scoreUpdatedAt, cause}`}</code>
      </pre>
      <p>
        <code>previousScore</code> and <code>previousTier</code> are <code>null</code> for an agent seen for the first time;{" "}
        <code>cause</code> is <code>signals</code> (new signals arrived) or <code>decay</code> (the daily recompute moved it as weeks
        passed); <code>scoreUpdatedAt</code> is an ISO-8601 UTC time.
      </p>
    </>
  );
}
