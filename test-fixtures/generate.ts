/**
 * Seeded generator of realistic synthetic recordings in the real chunk-map layout:
 * `{ "export-<id>.ph-recording-chunk-summaries": { "steps": [...], "usage_metadata": {...}, "_order": n }, ... }`.
 *
 * Journeys are stories assembled from scenes of a SaaS product (sign-up, usage limits, pricing, checkout, payment
 * failures, support chats, cancellation flows, retention offers). Both outcomes share many scenes, some journeys
 * carry the other outcome's scenes as noise, and in some the decisive last recording could not be narrated, so a
 * status-blind classifier is good but not perfect, as on real data.
 *
 *   npx tsx test-fixtures/generate.ts --count 10000 --seed 7 --out /tmp/corpus [--open-share 0.2]
 *   npx tsx test-fixtures/generate.ts --sample test-fixtures/sample      (rewrites the committed sample)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../src/core/shared/random';

type Rand = () => number;
type Status = 'non-converted' | 'attempted_conversion' | 'converted' | 'conversion_at_risk' | 'churned';

interface Scene {
  labels: string[];
  details: string[];
  /** Seconds the step lasts: 0 for a click. */
  seconds: [number, number];
}

interface PlannedStep {
  scene: Scene;
  status: Status;
}

/** Steps of one recording (one session); recordings are days apart. */
interface PlannedRecording {
  dayGap: [number, number];
  steps: PlannedStep[];
}

const PLANS = ['Pro', 'Plus', 'Team', 'Business', 'Premium'];
const LIMITS = [
  { thing: 'storage', warning: "80% of your storage used - upgrade to {plan} for more space" },
  { thing: 'export', warning: "Free accounts are limited to 5 exports per week. You have used 5/5 exports." },
  { thing: 'message', warning: "2 messages left - upgrade to {plan} for unlimited messages" },
  { thing: 'seat', warning: "Your workspace has reached 3 of 3 free seats" },
  { thing: 'project', warning: "You can have 3 active projects on the Free plan" },
  { thing: 'API call', warning: "You have used 1,000 of 1,000 API calls this month" },
];
const FEATURES = ['version history', 'custom domains', 'advanced analytics', 'team workspaces', 'priority rendering', 'SSO login', 'brand kits', 'automations'];
const COMPETITORS = ['a competitor', 'a similar tool', 'a cheaper alternative', 'an open-source alternative'];
const REASONS = ['Too expensive', 'Found a better alternative', 'Not using it enough', 'Missing features', 'Technical issues'];
const ENTRY_POINTS = ['header navigation', 'upper right corner of the homepage', 'hero section of the landing page', 'pricing page footer'];
const SIGNUP_METHODS = ['Continue with Google', 'Sign up with Email', 'Continue with GitHub', 'Continue with Microsoft'];
const CARD_ERRORS = ["Your card was declined", "Invalid card number", "Invalid expiration date", "Payment could not be processed. Please try another card"];
const APP_ERRORS = [
  "Import Failed: File size exceeds maximum allowed limit (200MB)",
  "Service Unavailable",
  "429 Too Many Requests",
  "Something went wrong while saving. Your changes may be lost",
  "Export timed out after 60 seconds",
];

const s = (labels: string[], details: string[], seconds: [number, number] = [0, 0]): Scene => ({ labels, details, seconds });

const SCENES = {
  landing: s(
    ["Clicked 'Start for Free' Button", "Click 'Get Started' (Initiate Free Trial Sign-Up)", "Clicked 'Try it Free' on Landing Page"],
    ["User clicked on the '{cta}' button in the {entry}. This initiated the account creation process for the free trial.", "From the landing page, the user scrolled past the customer logos and clicked '{cta}' in the {entry}. A sign-up dialog opened."],
  ),
  signup: s(
    ["Selected '{method}' in Sign-up Modal", "Click '{method}' in Modal"],
    ["A sign-up modal appeared with authentication options. User selected '{method}' to proceed with the authentication flow instead of the other options."],
  ),
  onboarding: s(
    ['Completed Onboarding Questionnaire', 'Completed Feature Walkthrough', 'Skipped Product Tour'],
    ["User answered the onboarding questions about team size and use case, then reached the empty workspace with a checklist of first tasks.", "The guided walkthrough highlighted the editor, sharing and templates. User stepped through all five cards before closing it."],
    [40, 260],
  ),
  firstProject: s(
    ['Created First Project', 'Imported Sample Data', 'Built First Dashboard from Template'],
    ["User created a project from the '{template}' template and renamed it. They added three items and rearranged them by dragging.", "User uploaded a CSV file with 1,240 rows. The preview showed the columns correctly detected and the import completed in a few seconds."],
    [60, 420],
  ),
  usage: s(
    ['Regular Platform Usage Pattern', 'Edited Shared Project', 'Used {feature}', 'Invited a Teammate', 'Commented on a Teammate\'s Work'],
    ["User logged in and worked on an existing project for several minutes, using {feature} and saving twice.", "User opened the shared project, made edits to two sections and left a comment mentioning a teammate.", "User sent an invitation to a colleague's work email from the members panel. The invite appeared as pending."],
    [30, 600],
  ),
  limitWarning: s(
    ['Encountered {Thing} Limit Warning', 'Viewed {Thing} Limit Message'],
    ["While working, user encountered an alert stating '{warning}'. The warning stayed visible in the workspace while they continued."],
    [2, 8],
  ),
  limitUpgradeClick: s(
    ["Clicked 'Upgrade' Link in {Thing} Limit Warning", "Clicked 'See Plans' from Limit Message", "Clicked 'Learn More' on {Thing} Warning"],
    ["User clicked the link in the {thing} limit notification. This directed them to the pricing plans page showing Free, {plan}, and Enterprise options."],
  ),
  pricing: s(
    ['Compared Plans on Pricing Page', 'Viewed Features Comparison Page', 'Compared {Thing} Limits Between Plans'],
    ["User scrolled through the comparison table, noting that the {plan} plan offers unlimited {thing}s and {feature}. They hovered over the tooltip explaining seat pricing.", "On the pricing page the user expanded the FAQ about {thing} limits and compared the Free and {plan} columns for about a minute."],
    [5, 90],
  ),
  annual: s(
    ['Toggled to Annual Billing', 'Switched to Annual Billing Option', 'Toggled Between Monthly and Annual Pricing'],
    ["User switched the billing toggle from monthly to annual. The prices updated to show the discounted annual rates with a '2 months free' badge."],
  ),
  settings: s(
    ['Accessed Account Settings', 'Opened User Menu', 'Navigated to Settings and Plans Page'],
    ["User clicked on their profile avatar in the top-right corner and selected 'Settings' from the dropdown. The settings page opened with tabs for Profile, Plans, and Billing."],
    [1, 3],
  ),
  subscriptionTab: s(
    ["Selected 'Subscription' Tab", "Selected 'Billing & Plans' from Menu", 'Navigated to Billing Page'],
    ["In the settings page, user clicked the '{tab}' tab in the left sidebar. This displayed the current plan, the next billing date and the payment method on file."],
    [1, 15],
  ),
  upgradeClick: s(
    ["Clicked 'Upgrade to {plan}' Button", "Selected the {plan} Plan", "Clicked 'Start {plan} Subscription'"],
    ["User clicked the '{cta2}' button on the {plan} card. A checkout panel slid in with the order summary and the payment form.", "User chose the {plan} plan and clicked '{cta2}'. The checkout page listed the price per seat and a field for a promo code."],
  ),
  paymentForm: s(
    ['Completed Payment Information Form', 'Filled in Card Details', 'Completed Billing Address Fields'],
    ["User entered card details and billing address in the checkout form. The order summary showed the {plan} plan with tax calculated for their region."],
    [15, 90],
  ),
  paymentError: s(
    ['Received Payment Processing Error', 'Encountered Payment Form Error', 'Card Declined at Checkout'],
    ["After clicking 'Complete Purchase', user received an error message: '{cardError}'. A red error banner appeared at the top of the checkout form."],
    [2, 6],
  ),
  changeMethod: s(
    ['Changed Payment Method', 'Added a Different Card', 'Switched to PayPal at Checkout'],
    ["User removed the first card and entered another payment method. The form validated the new details without errors."],
    [10, 60],
  ),
  purchase: s(
    ["Clicked 'Complete Purchase' Button", "Clicked 'Pay Now'", "Clicked 'Confirm Subscription'"],
    ["User clicked the primary button at the bottom of the checkout form. A loading spinner showed while the payment was processed."],
  ),
  paymentSuccess: s(
    ['Payment Successful Popup Displayed', 'Payment Confirmation Screen Displayed', 'Subscription Activated Banner Shown'],
    ["A confirmation appeared with the message 'Payment Successful. You're now subscribed to {plan}'. User clicked 'Done' after reviewing the receipt details."],
    [3, 8],
  ),
  paidFeatures: s(
    ['Used New {plan} Features', 'Used Advanced {plan} Features', 'Enabled {feature}'],
    ["After upgrading, user opened {feature}, which had been locked before. A '{plan}' badge now showed next to their profile."],
    [40, 300],
  ),
  receipt: s(
    ['Opened Receipt Email', 'Downloaded Invoice PDF'],
    ["User opened the billing history and downloaded the first invoice for the {plan} subscription."],
    [2, 10],
  ),
  appError: s(
    ['Project Import Failure', 'Session Timeout Error', 'Additional Error Encountered', 'Export Failed With Error'],
    ["User attempted to continue their work and received an error: '{appError}'. They clicked 'Try Again' and got the same message."],
    [5, 80],
  ),
  consoleCheck: s(
    ['Browser Console Error Check', 'Refreshed Page After Error'],
    ["User opened the browser developer tools. The console listed several failed API calls. They took a screenshot before closing the panel."],
    [10, 60],
  ),
  supportChat: s(
    ['Opened Support Chat', 'Support Chat Interaction', 'Submitted Support Ticket', 'Asked Support About Billing'],
    ["User clicked the 'Chat with Support' icon in the bottom right corner and described their problem. The assistant replied with a help article and offered to escalate.", "User filled the support form with a description of the issue and attached a screenshot. The ticket was created with a 24-48 hour response estimate."],
    [30, 300],
  ),
  supportWait: s(
    ['Received Automated Support Response', 'Checked Support Ticket Status'],
    ["User checked their ticket. It still showed 'Waiting for Agent Assignment' although it had been submitted the previous day."],
    [5, 40],
  ),
  paymentFailure: s(
    ['Received Payment Failure Notification', 'Viewed Failed Renewal Banner'],
    ["A banner appeared stating 'Your last payment was declined. Please update your payment information to avoid losing {plan} access.' It offered 'Update Payment' and 'Dismiss'.", "On login a red notice read 'We could not renew your {plan} plan'. The user read it and moved the cursor toward the close icon."],
    [3, 10],
  ),
  dismiss: s(
    ['Dismissed Payment Notification', 'Closed Billing Reminder'],
    ["User clicked 'Dismiss' on the payment banner without updating their card and returned to the project list."],
  ),
  billingEmail: s(
    ['Received Billing Reminder Email', 'Opened Renewal Reminder Email'],
    ["User followed a link from an email titled 'Action Required: Update Your Payment Method'. The billing page showed an alert that the subscription would end in 2 days."],
    [5, 25],
  ),
  competitor: s(
    ['Checked Competitor Website (External)', 'Started Trial with Competitor (External)', 'Compared Pricing with Competitor'],
    ["The recording shows the user opened a new tab and visited {competitor}'s pricing page, spending a few minutes before returning."],
    [20, 240],
  ),
  manage: s(
    ["Clicked 'Manage Subscription' Button", 'Viewed Current Subscription Details'],
    ["On the billing page, user clicked 'Manage Subscription'. A panel listed the {plan} plan, its renewal date and a link to change or end the plan."],
    [1, 15],
  ),
  cancelClick: s(
    ["Selected 'Cancel Subscription' Option", 'Initiated Cancellation Process', "Clicked 'Cancel Plan'"],
    ["User clicked 'Cancel Subscription' at the bottom of the subscription panel, below the plan details."],
  ),
  cancelModal: s(
    ['Viewed Cancellation Confirmation Modal', 'Viewed What You Will Lose Screen'],
    ["A modal titled 'Before You Go...' listed the {plan} features that would be lost, including {feature}, and asked the user to confirm."],
    [5, 20],
  ),
  reason: s(
    ['Selected Cancellation Reason', 'Provided Cancellation Feedback'],
    ["User selected '{reason}' from the list of reasons. Other options included 'Too expensive', 'Missing features' and 'Other'.", "A short survey asked why they were leaving. User picked '{reason}' and typed a sentence in the optional comment box."],
    [2, 30],
  ),
  retentionOffer: s(
    ['Offered Retention Discount', 'Offered Competitive Retention Deal', 'Shown Pause Subscription Offer'],
    ["The flow offered a retention deal: {discount} off the next three months if they stayed on {plan}. Buttons read 'Accept Offer' and 'Continue Cancelling'.", "A retention screen suggested pausing the {plan} subscription for up to three months instead of cancelling, or taking {discount} off."],
    [5, 25],
  ),
  declineOffer: s(
    ['Declined Retention Offer', "Clicked 'Continue Cancelling'"],
    ["User clicked 'Continue Cancelling' without accepting the offer."],
  ),
  cancelConfirmed: s(
    ['Cancellation Confirmed', 'Received Cancellation Confirmation', 'Subscription Ended'],
    ["A confirmation message stated the subscription had been cancelled and {plan} access would end at the close of the billing period.", "The page confirmed the cancellation and showed the date when the workspace would return to the Free plan. A follow-up email arrived moments later."],
    [2, 10],
  ),
  afterCancel: s(
    ['Returned to Billing Page with Updated Status', 'Exported Projects Before Leaving', 'Deleted Workspace Data'],
    ["User returned to the billing page, which now read 'Plan ends on the renewal date'. They downloaded an archive of their projects."],
    [3, 120],
  ),
  acceptOffer: s(
    ['Accepted Retention Offer', "Clicked 'Accept Offer'"],
    ["User clicked 'Accept Offer'. The discount was applied and the flow offered to move them to the annual {plan} plan at the reduced price."],
    [2, 10],
  ),
  switchAnnual: s(
    ['Switched to Annual {plan} Plan', 'Upgraded to Annual Billing'],
    ["User confirmed the switch to annual billing. The plan card now showed '{plan} (annual)' and a prorated charge was taken from the card on file."],
    [3, 20],
  ),
  lapse: s(
    ['Subscription Expired After Failed Renewal', 'Account Moved to Free Plan', 'Downgraded to Free Plan'],
    ["After repeated renewal failures the workspace showed a banner: 'Your {plan} subscription has ended. You are now on the Free plan.'"],
    [2, 10],
  ),
  faq: s(
    ['Read Billing FAQ', 'Viewed Refund and Cancellation Policy'],
    ["User opened the help center and read the article about billing periods, refunds and how cancellation works on annual plans."],
    [10, 90],
  ),
};

const pick = <T,>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)];
const between = (r: Rand, [lo, hi]: [number, number]) => lo + r() * (hi - lo);
const chance = (r: Rand, p: number) => r() < p;
const step = (scene: Scene, status: Status): PlannedStep => ({ scene, status });

function signupRecording(r: Rand): PlannedRecording {
  const steps = [step(SCENES.landing, 'non-converted'), step(SCENES.signup, 'non-converted'), step(SCENES.onboarding, 'non-converted')];
  if (chance(r, 0.7)) steps.push(step(SCENES.firstProject, 'non-converted'));
  return { dayGap: [0, 0], steps };
}

function usageSteps(r: Rand, status: Status, count: number): PlannedStep[] {
  const scenes = [SCENES.usage, SCENES.firstProject, SCENES.usage];
  const out: PlannedStep[] = [];
  for (let i = 0; i < count; i++) out.push(step(pick(r, scenes.filter((sc) => sc !== out[i - 1]?.scene)), status));
  return out;
}

/** An upgrade: sign up, use the product, hit a limit, compare plans, pay (sometimes after a failed payment). */
function upgradeStory(r: Rand, noise: boolean): PlannedRecording[] {
  const recs: PlannedRecording[] = [signupRecording(r)];
  const explore = usageSteps(r, 'non-converted', 1 + Math.floor(r() * 2));
  if (noise && chance(r, 0.6)) explore.push(step(SCENES.appError, 'non-converted'), step(SCENES.supportChat, 'non-converted'));
  if (noise && chance(r, 0.3)) explore.push(step(SCENES.supportWait, 'non-converted'));
  if (!noise || chance(r, 0.5)) explore.push(step(SCENES.limitWarning, 'non-converted'), step(SCENES.limitUpgradeClick, 'attempted_conversion'));
  if (chance(r, 0.7)) explore.push(step(SCENES.pricing, 'attempted_conversion'));
  recs.push({ dayGap: [1, 25], steps: explore });
  if (noise && chance(r, 0.4)) {
    // A trial user whose card failed on the trial-to-paid switch before they came back to buy.
    recs.push({ dayGap: [1, 10], steps: [step(SCENES.paymentFailure, 'non-converted'), step(SCENES.billingEmail, 'non-converted'), step(SCENES.competitor, 'non-converted')] });
  }
  const checkout = [step(SCENES.settings, 'non-converted'), step(SCENES.subscriptionTab, 'non-converted')];
  if (noise && chance(r, 0.4)) checkout.push(step(SCENES.faq, 'non-converted'));
  if (noise && chance(r, 0.3)) checkout.push(step(SCENES.competitor, 'non-converted'));
  if (chance(r, 0.5)) checkout.push(step(SCENES.annual, 'non-converted'));
  checkout.push(step(SCENES.upgradeClick, 'attempted_conversion'), step(SCENES.paymentForm, 'attempted_conversion'));
  if (chance(r, 0.35)) checkout.push(step(SCENES.paymentError, 'attempted_conversion'), step(SCENES.changeMethod, 'attempted_conversion'));
  checkout.push(step(SCENES.purchase, 'attempted_conversion'), step(SCENES.paymentSuccess, 'converted'));
  if (chance(r, 0.5)) checkout.push(step(pick(r, [SCENES.paidFeatures, SCENES.receipt]), 'converted'));
  recs.push({ dayGap: [1, 20], steps: checkout });
  return recs;
}

function cancelFlow(r: Rand): PlannedStep[] {
  const flow = [step(SCENES.settings, 'conversion_at_risk'), step(SCENES.subscriptionTab, 'conversion_at_risk')];
  if (chance(r, 0.6)) flow.push(step(SCENES.manage, 'conversion_at_risk'));
  flow.push(step(SCENES.cancelClick, 'conversion_at_risk'), step(SCENES.cancelModal, 'conversion_at_risk'));
  flow.push(step(SCENES.reason, 'conversion_at_risk'));
  if (chance(r, 0.7)) flow.push(step(SCENES.retentionOffer, 'conversion_at_risk'), step(SCENES.declineOffer, 'churned'));
  flow.push(step(SCENES.cancelConfirmed, 'churned'));
  if (chance(r, 0.5)) flow.push(step(SCENES.afterCancel, 'churned'));
  return flow;
}

/** A paying user who started to cancel, took the retention offer and moved up to an annual plan. */
function savedUpgradeStory(r: Rand): PlannedRecording[] {
  const recs: PlannedRecording[] = [{ dayGap: [0, 0], steps: usageSteps(r, 'non-converted', 2) }];
  recs.push({ dayGap: [2, 30], steps: [step(SCENES.appError, 'non-converted'), step(SCENES.supportChat, 'non-converted'), step(SCENES.competitor, 'non-converted')] });
  const flow = [step(SCENES.settings, 'non-converted'), step(SCENES.subscriptionTab, 'non-converted'), step(SCENES.cancelClick, 'non-converted'), step(SCENES.reason, 'non-converted'), step(SCENES.retentionOffer, 'attempted_conversion'), step(SCENES.acceptOffer, 'attempted_conversion'), step(SCENES.switchAnnual, 'converted')];
  recs.push({ dayGap: [0, 10], steps: flow });
  return recs;
}

/** A user who upgraded and then let the subscription end within weeks: an upgrade story with a quiet ending. */
function buyersRemorseStory(r: Rand): PlannedRecording[] {
  const recs = upgradeStory(r, false);
  recs.push({ dayGap: [5, 30], steps: [step(SCENES.billingEmail, 'conversion_at_risk'), step(SCENES.lapse, 'churned')] });
  return recs;
}

/** A cancellation: a paying user (some upgraded in the same journey) meets friction and leaves. */
function cancelStory(r: Rand, noise: boolean): PlannedRecording[] {
  const recs: PlannedRecording[] = [];
  if (chance(r, 0.5)) {
    // Upgraded earlier in the same journey: converted steps come first, as in real cancellation exports.
    const first = signupRecording(r);
    first.steps.push(step(SCENES.upgradeClick, 'attempted_conversion'), step(SCENES.paymentSuccess, 'converted'), step(SCENES.paidFeatures, 'converted'));
    recs.push(first);
  } else {
    recs.push({ dayGap: [0, 0], steps: usageSteps(r, 'converted', 1 + Math.floor(r() * 2)) });
  }
  const friction: PlannedStep[] = [];
  const kind = r();
  if (kind < 0.4) {
    friction.push(step(SCENES.paymentFailure, 'conversion_at_risk'), step(SCENES.dismiss, 'conversion_at_risk'));
    if (chance(r, 0.6)) friction.push(step(SCENES.billingEmail, 'conversion_at_risk'));
  } else if (kind < 0.8) {
    friction.push(step(SCENES.appError, 'converted'), step(SCENES.supportChat, 'converted'));
    if (chance(r, 0.6)) friction.push(step(pick(r, [SCENES.consoleCheck, SCENES.appError]), 'conversion_at_risk'), step(SCENES.supportWait, 'conversion_at_risk'));
  } else {
    friction.push(...usageSteps(r, 'converted', 1), step(SCENES.limitWarning, 'converted'));
  }
  if (chance(r, 0.55)) friction.push(step(SCENES.competitor, 'conversion_at_risk'));
  if (noise && chance(r, 0.7)) {
    // Looking at plans again, to downgrade or to compare: the same pages an upgrader visits.
    friction.push(step(SCENES.limitWarning, 'converted'), step(SCENES.pricing, 'conversion_at_risk'));
    if (chance(r, 0.5)) friction.push(step(SCENES.annual, 'conversion_at_risk'), step(SCENES.upgradeClick, 'conversion_at_risk'));
  }
  recs.push({ dayGap: [2, 30], steps: friction });
  if (chance(r, 0.15)) {
    // Lapsed rather than cancelled: no cancellation flow at all.
    recs.push({ dayGap: [2, 20], steps: [step(SCENES.billingEmail, 'conversion_at_risk'), step(SCENES.lapse, 'churned')] });
  } else {
    recs.push({ dayGap: [0, 10], steps: cancelFlow(r) });
  }
  return recs;
}

const HEX = '0123456789abcdef';
function recordingId(r: Rand, ordinal: number, base: string): string {
  const hex = (n: number) => Array.from({ length: n }, () => HEX[Math.floor(r() * 16)]).join('');
  // Real ids are time-ordered hex, and a few exports carry invalid hex characters; both are kept.
  let tail = `${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
  if (chance(r, 0.05)) tail = tail.replace(/[a-f]/, 'g');
  return `export-${base}${(ordinal + 10).toString(16).padStart(2, '0')}-${tail}.ph-recording-chunk-summaries`;
}

function clock(ms: number): string {
  const tenths = Math.round(ms / 100);
  const minutes = Math.floor(tenths / 600);
  const seconds = (tenths % 600) / 10;
  return `${String(minutes).padStart(2, '0')}:${seconds.toFixed(1).padStart(4, '0')}`;
}

function fill(r: Rand, template: string, ctx: Record<string, string>, titleCase = false): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = ctx[key] ?? pick(r, FILLERS[key] ?? [key]);
    // Labels read like titles ("Used Version History"); details keep the words as written.
    return titleCase ? value.replace(/(^|\s)([a-z])/g, (_m, space: string, c: string) => space + c.toUpperCase()) : value;
  });
}

const FILLERS: Record<string, readonly string[]> = {
  cta: ['Start for Free', 'Get Started', 'Try it Free'],
  cta2: ['Upgrade', 'Choose plan', 'Start subscription'],
  entry: ENTRY_POINTS,
  method: SIGNUP_METHODS,
  template: ['Marketing Plan', 'Product Roadmap', 'Weekly Report', 'Client Portal'],
  tab: ['Subscription', 'Billing', 'Plans'],
  cardError: CARD_ERRORS,
  appError: APP_ERRORS,
  competitor: COMPETITORS,
  reason: REASONS,
  discount: ['20%', '30%', '50%'],
  feature: FEATURES,
};

function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** One journey file's JSON value. `cut` keeps only that fraction of steps (open journeys). */
export function generateJourney(r: Rand, outcome: 'upgrade' | 'cancel', cut = 1): Record<string, unknown> {
  const noise = chance(r, 0.35);
  const twist = chance(r, 0.1);
  const story =
    outcome === 'upgrade'
      ? twist ? savedUpgradeStory(r) : upgradeStory(r, noise)
      : twist ? buyersRemorseStory(r) : cancelStory(r, noise);
  const limit = pick(r, LIMITS);
  const plan = pick(r, PLANS);
  const ctx: Record<string, string> = {
    plan,
    thing: limit.thing,
    Thing: limit.thing.replace(/^\w/, (c) => c.toUpperCase()),
    feature: pick(r, FEATURES),
    competitor: pick(r, COMPETITORS),
  };
  ctx.warning = fill(r, limit.warning, ctx);

  const total = story.reduce((n, rec) => n + rec.steps.length, 0);
  const keep = Math.max(2, Math.ceil(total * cut));
  // In some labelled journeys the decisive last recording could not be narrated: realistic, and it is what keeps
  // accuracy honest rather than perfect.
  const lostLast = cut === 1 && chance(r, 0.22);

  const base = `01${HEX[Math.floor(r() * 16)]}${Math.floor(r() * 16).toString(16)}${Math.floor(r() * 256).toString(16).padStart(2, '0')}`;
  let day = Math.floor(Date.UTC(2023, 5, 1) / 86_400_000 + r() * 700);
  const out: Record<string, unknown> = {};
  let emitted = 0;
  story.forEach((rec, order) => {
    if (emitted >= keep) return;
    day += Math.round(between(r, rec.dayGap));
    const id = recordingId(r, order, base);
    if (lostLast && order === story.length - 1) {
      out[id] = { error: 'No valid narration found', details: 'Failed narration: the model returned no steps for this recording', _order: order };
      return;
    }
    let t = (chance(r, 0.3) ? between(r, [600, 2400]) : between(r, [3, 60])) * 1000;
    const steps = [];
    let previousScene: Scene | undefined;
    for (const planned of rec.steps) {
      if (emitted >= keep) break;
      // Two scenes of the same kind back to back read as a duplicated step; real narrations merge them.
      if (planned.scene === previousScene) continue;
      previousScene = planned.scene;
      emitted++;
      const start = Math.round(t / 100) * 100;
      const seconds = chance(r, 0.35) ? 0 : between(r, planned.scene.seconds);
      const end = start + Math.round(seconds * 10) * 100;
      t = end + between(r, [1, chance(r, 0.2) ? 240 : 30]) * 1000;
      steps.push({
        label: fill(r, pick(r, planned.scene.labels), ctx, true),
        date: isoDay(day),
        status: planned.status,
        recordingReel: {
          start: clock(start),
          end: clock(end),
          details: fill(r, pick(r, planned.scene.details), ctx),
          filename: `${id}.json`,
          start_ms_since: start,
          end_ms_since: end,
          recording_id: id,
        },
      });
    }
    const input = 4000 + Math.floor(r() * 6000);
    const output = 1200 + Math.floor(r() * 2500);
    out[id] = { steps, usage_metadata: { input_tokens: input, output_tokens: output, total_tokens: input + output }, _order: order };
  });
  return out;
}

export interface CorpusOptions {
  count: number;
  seed: number;
  /** Share of journeys written to `open/` (no known outcome), cut before their end. */
  openShare?: number;
  /** Keep only this share of every journey's steps (a range drawn per journey): small recordings for the bench. */
  stepShare?: [number, number];
  dir: string;
}

export interface CorpusSummary {
  files: string[];
  bytes: number;
  upgrades: number;
  cancellations: number;
  open: number;
}

/** Writes `upgrades/`, `cancellations/` and `open/` under `dir`; the same seed writes the same bytes. */
export function generateCorpus({ count, seed, openShare = 0.2, stepShare, dir }: CorpusOptions): CorpusSummary {
  const r = seededRandom(seed);
  for (const sub of ['upgrades', 'cancellations', 'open']) mkdirSync(join(dir, sub), { recursive: true });
  const summary: CorpusSummary = { files: [], bytes: 0, upgrades: 0, cancellations: 0, open: 0 };
  const width = String(count).length;
  for (let i = 0; i < count; i++) {
    const outcome = chance(r, 0.5) ? 'upgrade' : 'cancel';
    const open = chance(r, openShare);
    const number = String(i + 1).padStart(width, '0');
    const rel = open
      ? `open/journey-${number}.json`
      : outcome === 'upgrade'
        ? `upgrades/upgrade-${number}.json`
        : `cancellations/cancel-${number}.json`;
    const cut = open ? between(r, [0.4, 0.85]) : 1;
    const text = JSON.stringify(generateJourney(r, outcome, stepShare ? cut * between(r, stepShare) : cut), null, 2);
    writeFileSync(join(dir, rel), text);
    summary.files.push(rel);
    summary.bytes += Buffer.byteLength(text);
    if (open) summary.open++;
    else if (outcome === 'upgrade') summary.upgrades++;
    else summary.cancellations++;
  }
  return summary;
}

/**
 * The committed sample (test-fixtures/sample): a fixed mix of 8 upgrades, 8 cancellations and 4 open journeys, so the
 * README's figures and screenshots stay stable.
 */
export function generateSample(dir: string, seed = 2024): CorpusSummary {
  const r = seededRandom(seed);
  for (const sub of ['upgrades', 'cancellations', 'open']) mkdirSync(join(dir, sub), { recursive: true });
  const summary: CorpusSummary = { files: [], bytes: 0, upgrades: 0, cancellations: 0, open: 0 };
  const plan: [string, 'upgrade' | 'cancel', boolean][] = [
    ...Array.from({ length: 8 }, (_, i) => [`upgrades/upgrade-${String(i + 1).padStart(2, '0')}.json`, 'upgrade', false] as [string, 'upgrade', boolean]),
    ...Array.from({ length: 8 }, (_, i) => [`cancellations/cancel-${String(i + 1).padStart(2, '0')}.json`, 'cancel', false] as [string, 'cancel', boolean]),
    ...(['upgrade', 'cancel', 'upgrade', 'cancel'] as const).map((o, i) => [`open/journey-${String(i + 1).padStart(2, '0')}.json`, o, true] as [string, 'upgrade' | 'cancel', boolean]),
  ];
  for (const [rel, outcome, open] of plan) {
    const text = JSON.stringify(generateJourney(r, outcome, open ? between(r, [0.5, 0.8]) : 1), null, 2) + '\n';
    writeFileSync(join(dir, rel), text);
    summary.files.push(rel);
    summary.bytes += Buffer.byteLength(text);
    if (open) summary.open++;
    else if (outcome === 'upgrade') summary.upgrades++;
    else summary.cancellations++;
  }
  return summary;
}

function cli(argv: string[]): void {
  if (argv.includes('--sample')) {
    const out = argv[argv.indexOf('--sample') + 1] ?? 'test-fixtures/sample';
    const summary = generateSample(out);
    process.stdout.write(`wrote the sample: ${summary.files.length} files to ${out}\n`);
    return;
  }
  const arg = (name: string, fallback?: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  const count = Number(arg('count', '100'));
  const seed = Number(arg('seed', '1'));
  const out = arg('out');
  const openShare = Number(arg('open-share', '0.2'));
  if (!out || !Number.isInteger(count) || count < 1 || !Number.isFinite(seed)) {
    process.stderr.write('usage: npx tsx test-fixtures/generate.ts --count N --seed S --out DIR [--open-share 0.2]\n');
    process.exit(2);
  }
  const summary = generateCorpus({ count, seed, openShare, dir: out });
  process.stdout.write(
    `wrote ${summary.files.length} files (${summary.upgrades} upgrades, ${summary.cancellations} cancellations, ${summary.open} open), ` +
      `${(summary.bytes / 1e6).toFixed(1)} MB to ${out}\n`,
  );
}

if (process.argv[1] && /generate\.[cm]?[tj]s$/.test(process.argv[1])) cli(process.argv.slice(2));
