"use node";
/** Sends a webhook notice over SMTP (only scheduled when SMTP_URL and EMAIL_FROM are set). */
import { v } from "convex/values";
import { createTransport } from "nodemailer";
import { internalAction } from "./_generated/server";

export const send = internalAction({
  args: { to: v.string(), subject: v.string(), text: v.string() },
  returns: v.null(),
  handler: async (_ctx, mail) => {
    await createTransport(process.env.SMTP_URL).sendMail({ from: process.env.EMAIL_FROM, ...mail });
    return null;
  },
});
