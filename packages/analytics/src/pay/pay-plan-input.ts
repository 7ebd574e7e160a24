import { z } from '@rapport/core/plugin';

const money = z
  .union([z.string().trim(), z.number().refine(Number.isFinite, 'must be finite').transform(String)])
  .pipe(
    z.string().regex(/^\d{1,16}(\.\d{1,4})?$/, 'expected a non-negative decimal with at most 4 decimals'),
  );
const percent = money.refine((v) => Number(v) <= 1000, 'at most 1000 (percent)');
const date = z.iso.date();
const uuid = z.uuid().transform((value) => value.toLowerCase());

/** One tier of a commission rule: `rate` percent on the revenue from `fromPercent` % of the target on. */
export const TierSchema = z.strictObject({
  /** Where the tier starts, in percent of the period's target (the first tier starts at 0). */
  fromPercent: percent,
  /** The commission rate in percent of the revenue in the tier. */
  rate: percent,
});

/** A commission rule: which credited sales it covers, and its tiered rates. The first matching rule applies. */
export const CommissionRuleSchema = z.strictObject({
  /** A name shown on the statement lines. */
  name: z.string().trim().min(1).max(200),
  /** `new`: sales to a new customer (see `newCustomerDays`); `existing`: the others; `any` (default). */
  customers: z.enum(['new', 'existing', 'any']).default('any'),
  /**
   * Only the parts of sales in these product categories (the money lines' `extra.category`); absent:
   * any category, including lines without one.
   */
  categories: z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional(),
  /** Rates by attainment of the target, ascending `fromPercent`, the first at 0. */
  tiers: z.array(TierSchema).min(1).max(20),
});

/** A commission rule as stored. */
export type CommissionRule = z.output<typeof CommissionRuleSchema>;

/** Input of `payPlans.set`: a new version of the pay plan of one employee, department or role. */
export const PayPlanInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    employeeId: uuid.optional(),
    departmentId: uuid.optional(),
    role: z.enum(['agent', 'manager', 'admin']).optional(),
    /** First day the version applies (inclusive, `YYYY-MM-DD`); the previous version ends the day before. */
    validFrom: date,
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')
      .default('EUR'),
    /** The base salary per month (exact decimal). */
    baseSalary: money.default('0'),
    /** Commission on revenue (sales net of refunds) or on margin (needs `@rapport/pricing`'s costs). */
    basis: z.enum(['revenue', 'margin']).default('revenue'),
    /** Where the monthly target comes from: none, `target` below, or the pipeline's `won_amount` sales plan. */
    targetSource: z.enum(['none', 'plan', 'sales_plan']).default('none'),
    /** The monthly target when `targetSource` is `plan`. */
    target: money.optional(),
    rules: z.array(CommissionRuleSchema).max(20).default([]),
    /** The most commission paid per month (before adjustments and clawbacks). */
    cap: money.optional(),
    /** A customer is new when they had no sale in the N days before (default: no sale ever before). */
    newCustomerDays: z.int().positive().max(3650).optional(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message, input: v });
    const assignees = [v.employeeId, v.departmentId, v.role].filter((x) => x !== undefined);
    if (assignees.length !== 1)
      issue(['employeeId'], 'give exactly one of employeeId, departmentId and role');
    if (v.targetSource === 'plan' && v.target === undefined)
      issue(['target'], 'a plan with targetSource "plan" needs a target');
    if (v.targetSource !== 'plan' && v.target !== undefined)
      issue(['target'], 'only a plan with targetSource "plan" takes a target');
    if (v.target !== undefined && Number(v.target) === 0) issue(['target'], 'the target must be more than 0');
    v.rules.forEach((rule, r) => {
      rule.tiers.forEach((tier, t) => {
        if (t === 0 && Number(tier.fromPercent) !== 0)
          issue(['rules', r, 'tiers', 0, 'fromPercent'], 'the first tier starts at 0');
        const previous = rule.tiers[t - 1];
        if (previous && Number(tier.fromPercent) <= Number(previous.fromPercent))
          issue(['rules', r, 'tiers', t, 'fromPercent'], 'tiers must be in ascending fromPercent');
      });
      if (v.targetSource === 'none' && rule.tiers.length > 1)
        issue(['rules', r, 'tiers'], 'tiers above the first need a target (targetSource plan or sales_plan)');
    });
  });

/** What `payPlans.set` accepts. */
export type PayPlanInput = z.input<typeof PayPlanInputSchema>;
