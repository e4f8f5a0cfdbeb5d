/** The funnel events of the scripted journey from sign-up to the first verified call (an invited member signs up too), in order. */
export const JOURNEY_EVENTS = [
  "signed_up",
  "team_created",
  "invite_sent",
  "signed_up",
  "invite_accepted",
  "api_key_created",
  "webhook_endpoint_created",
  "plan_changed",
  "spend_cap_set",
  "first_api_call",
];
