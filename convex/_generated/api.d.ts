/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import type * as agentFlags from "../agentFlags.js";
import type * as analyticsOutbox from "../analyticsOutbox.js";
import type * as apiKeys from "../apiKeys.js";
import type * as auditLog from "../auditLog.js";
import type * as auth from "../auth.js";
import type * as authCleanup from "../authCleanup.js";
import type * as billing from "../billing.js";
import type * as crons from "../crons.js";
import type * as demo from "../demo.js";
import type * as devOutbox from "../devOutbox.js";
import type * as idempotency from "../idempotency.js";
import type * as invites from "../invites.js";
import type * as lib_analyticsIds from "../lib/analyticsIds.js";
import type * as lib_apiKeyFormat from "../lib/apiKeyFormat.js";
import type * as lib_apiOutcome from "../lib/apiOutcome.js";
import type * as lib_auditActions from "../lib/auditActions.js";
import type * as lib_batch from "../lib/batch.js";
import type * as lib_constantTime from "../lib/constantTime.js";
import type * as lib_demoPopulation from "../lib/demoPopulation.js";
import type * as lib_errors from "../lib/errors.js";
import type * as lib_hashing from "../lib/hashing.js";
import type * as lib_ipRanges from "../lib/ipRanges.js";
import type * as lib_keyLifecycle from "../lib/keyLifecycle.js";
import type * as lib_latency from "../lib/latency.js";
import type * as lib_meterReports from "../lib/meterReports.js";
import type * as lib_money from "../lib/money.js";
import type * as lib_operatorFigures from "../lib/operatorFigures.js";
import type * as lib_permissions from "../lib/permissions.js";
import type * as lib_plans from "../lib/plans.js";
import type * as lib_platformFigures from "../lib/platformFigures.js";
import type * as lib_rateLimit from "../lib/rateLimit.js";
import type * as lib_rateLimitShards from "../lib/rateLimitShards.js";
import type * as lib_retrySchedule from "../lib/retrySchedule.js";
import type * as lib_score from "../lib/score.js";
import type * as lib_secretBox from "../lib/secretBox.js";
import type * as lib_serverFunctions from "../lib/serverFunctions.js";
import type * as lib_signalInput from "../lib/signalInput.js";
import type * as lib_solanaAddress from "../lib/solanaAddress.js";
import type * as lib_statement from "../lib/statement.js";
import type * as lib_statementStatus from "../lib/statementStatus.js";
import type * as lib_teamStanding from "../lib/teamStanding.js";
import type * as lib_usageBuckets from "../lib/usageBuckets.js";
import type * as lib_usageCharts from "../lib/usageCharts.js";
import type * as lib_usageSeries from "../lib/usageSeries.js";
import type * as lib_usageThresholdMail from "../lib/usageThresholdMail.js";
import type * as lib_usageThresholds from "../lib/usageThresholds.js";
import type * as lib_validators from "../lib/validators.js";
import type * as lib_verification from "../lib/verification.js";
import type * as lib_webhookHost from "../lib/webhookHost.js";
import type * as lib_webhookOutcome from "../lib/webhookOutcome.js";
import type * as lib_webhookSignature from "../lib/webhookSignature.js";
import type * as lib_webhookUrl from "../lib/webhookUrl.js";
import type * as members from "../members.js";
import type * as model_agentFlags from "../model/agentFlags.js";
import type * as model_agentReads from "../model/agentReads.js";
import type * as model_agentScores from "../model/agentScores.js";
import type * as model_analytics from "../model/analytics.js";
import type * as model_apiCall from "../model/apiCall.js";
import type * as model_apiKeys from "../model/apiKeys.js";
import type * as model_audit from "../model/audit.js";
import type * as model_auditNames from "../model/auditNames.js";
import type * as model_billingStatements from "../model/billingStatements.js";
import type * as model_idempotency from "../model/idempotency.js";
import type * as model_ingest from "../model/ingest.js";
import type * as model_readBudget from "../model/readBudget.js";
import type * as model_scoreEvents from "../model/scoreEvents.js";
import type * as model_seats from "../model/seats.js";
import type * as model_stripeApi from "../model/stripeApi.js";
import type * as model_teams from "../model/teams.js";
import type * as model_usageBuckets from "../model/usageBuckets.js";
import type * as model_usagePeriods from "../model/usagePeriods.js";
import type * as model_usageRecording from "../model/usageRecording.js";
import type * as model_usageThresholdEvents from "../model/usageThresholdEvents.js";
import type * as model_users from "../model/users.js";
import type * as model_webhookEndpoints from "../model/webhookEndpoints.js";
import type * as model_webhookManagement from "../model/webhookManagement.js";
import type * as model_webhookNotice from "../model/webhookNotice.js";
import type * as model_webhookOutbox from "../model/webhookOutbox.js";
import type * as operatorMetrics from "../operatorMetrics.js";
import type * as overview from "../overview.js";
import type * as platformMetrics from "../platformMetrics.js";
import type * as scoreDecay from "../scoreDecay.js";
import type * as signInMail from "../signInMail.js";
import type * as signals from "../signals.js";
import type * as stripeBilling from "../stripeBilling.js";
import type * as stripeCustomers from "../stripeCustomers.js";
import type * as stripeMeter from "../stripeMeter.js";
import type * as stripeMeterSync from "../stripeMeterSync.js";
import type * as stripeWebhook from "../stripeWebhook.js";
import type * as system from "../system.js";
import type * as teamAdmin from "../teamAdmin.js";
import type * as teams from "../teams.js";
import type * as usage from "../usage.js";
import type * as usageCharts from "../usageCharts.js";
import type * as usageRetention from "../usageRetention.js";
import type * as usageRollup from "../usageRollup.js";
import type * as usageThresholdMail from "../usageThresholdMail.js";
import type * as verify from "../verify.js";
import type * as webhookDelivery from "../webhookDelivery.js";
import type * as webhookDispatch from "../webhookDispatch.js";
import type * as webhookMail from "../webhookMail.js";
import type * as webhooks from "../webhooks.js";
import type * as webhooksApi from "../webhooksApi.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  agentFlags: typeof agentFlags;
  analyticsOutbox: typeof analyticsOutbox;
  apiKeys: typeof apiKeys;
  auditLog: typeof auditLog;
  auth: typeof auth;
  authCleanup: typeof authCleanup;
  billing: typeof billing;
  crons: typeof crons;
  demo: typeof demo;
  devOutbox: typeof devOutbox;
  idempotency: typeof idempotency;
  invites: typeof invites;
  "lib/analyticsIds": typeof lib_analyticsIds;
  "lib/apiKeyFormat": typeof lib_apiKeyFormat;
  "lib/apiOutcome": typeof lib_apiOutcome;
  "lib/auditActions": typeof lib_auditActions;
  "lib/batch": typeof lib_batch;
  "lib/constantTime": typeof lib_constantTime;
  "lib/demoPopulation": typeof lib_demoPopulation;
  "lib/errors": typeof lib_errors;
  "lib/hashing": typeof lib_hashing;
  "lib/ipRanges": typeof lib_ipRanges;
  "lib/keyLifecycle": typeof lib_keyLifecycle;
  "lib/latency": typeof lib_latency;
  "lib/meterReports": typeof lib_meterReports;
  "lib/money": typeof lib_money;
  "lib/operatorFigures": typeof lib_operatorFigures;
  "lib/permissions": typeof lib_permissions;
  "lib/plans": typeof lib_plans;
  "lib/platformFigures": typeof lib_platformFigures;
  "lib/rateLimit": typeof lib_rateLimit;
  "lib/rateLimitShards": typeof lib_rateLimitShards;
  "lib/retrySchedule": typeof lib_retrySchedule;
  "lib/score": typeof lib_score;
  "lib/secretBox": typeof lib_secretBox;
  "lib/serverFunctions": typeof lib_serverFunctions;
  "lib/signalInput": typeof lib_signalInput;
  "lib/solanaAddress": typeof lib_solanaAddress;
  "lib/statement": typeof lib_statement;
  "lib/statementStatus": typeof lib_statementStatus;
  "lib/teamStanding": typeof lib_teamStanding;
  "lib/usageBuckets": typeof lib_usageBuckets;
  "lib/usageCharts": typeof lib_usageCharts;
  "lib/usageSeries": typeof lib_usageSeries;
  "lib/usageThresholdMail": typeof lib_usageThresholdMail;
  "lib/usageThresholds": typeof lib_usageThresholds;
  "lib/validators": typeof lib_validators;
  "lib/verification": typeof lib_verification;
  "lib/webhookHost": typeof lib_webhookHost;
  "lib/webhookOutcome": typeof lib_webhookOutcome;
  "lib/webhookSignature": typeof lib_webhookSignature;
  "lib/webhookUrl": typeof lib_webhookUrl;
  members: typeof members;
  "model/agentFlags": typeof model_agentFlags;
  "model/agentReads": typeof model_agentReads;
  "model/agentScores": typeof model_agentScores;
  "model/analytics": typeof model_analytics;
  "model/apiCall": typeof model_apiCall;
  "model/apiKeys": typeof model_apiKeys;
  "model/audit": typeof model_audit;
  "model/auditNames": typeof model_auditNames;
  "model/billingStatements": typeof model_billingStatements;
  "model/idempotency": typeof model_idempotency;
  "model/ingest": typeof model_ingest;
  "model/readBudget": typeof model_readBudget;
  "model/scoreEvents": typeof model_scoreEvents;
  "model/seats": typeof model_seats;
  "model/stripeApi": typeof model_stripeApi;
  "model/teams": typeof model_teams;
  "model/usageBuckets": typeof model_usageBuckets;
  "model/usagePeriods": typeof model_usagePeriods;
  "model/usageRecording": typeof model_usageRecording;
  "model/usageThresholdEvents": typeof model_usageThresholdEvents;
  "model/users": typeof model_users;
  "model/webhookEndpoints": typeof model_webhookEndpoints;
  "model/webhookManagement": typeof model_webhookManagement;
  "model/webhookNotice": typeof model_webhookNotice;
  "model/webhookOutbox": typeof model_webhookOutbox;
  operatorMetrics: typeof operatorMetrics;
  overview: typeof overview;
  platformMetrics: typeof platformMetrics;
  scoreDecay: typeof scoreDecay;
  signInMail: typeof signInMail;
  signals: typeof signals;
  stripeBilling: typeof stripeBilling;
  stripeCustomers: typeof stripeCustomers;
  stripeMeter: typeof stripeMeter;
  stripeMeterSync: typeof stripeMeterSync;
  stripeWebhook: typeof stripeWebhook;
  system: typeof system;
  teamAdmin: typeof teamAdmin;
  teams: typeof teams;
  usage: typeof usage;
  usageCharts: typeof usageCharts;
  usageRetention: typeof usageRetention;
  usageRollup: typeof usageRollup;
  usageThresholdMail: typeof usageThresholdMail;
  verify: typeof verify;
  webhookDelivery: typeof webhookDelivery;
  webhookDispatch: typeof webhookDispatch;
  webhookMail: typeof webhookMail;
  webhooks: typeof webhooks;
  webhooksApi: typeof webhooksApi;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;
