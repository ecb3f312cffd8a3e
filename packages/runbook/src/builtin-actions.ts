import type { ActionRegistry } from './action-registry';
import { assessSeverity, mostImportantTier } from './assess-severity';

/** A failed check an action reports (not a crash): the step fails with this message. */
export class ActionFailedError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ActionFailedError';
  }
}

const count = (params: Record<string, unknown>, key: string): number => {
  const value = params[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ActionFailedError(`${key} must be a whole number, got ${JSON.stringify(value)}`);
  }
  return value;
};

/**
 * Actions that need no I/O:
 * - `severity.assess` `{ verdict, tiers? | tier? }` → `{ severity, tier }` by the runbook's policy (and sets `${severity}`);
 * - `conservation.check` `{ produced, processed, deadLettered }` → fails unless every produced message is accounted for;
 * - `wait` `{ for: milliseconds }` — a pause (honours the step's timeout and abort).
 */
export const BUILTIN_ACTIONS: ActionRegistry = {
  'severity.assess': (params, context) => {
    const tiers = Array.isArray(params.tiers) ? params.tiers.map(String) : [];
    if (typeof params.tier === 'string') tiers.push(params.tier);
    const tier = mostImportantTier(tiers);
    const severity = assessSeverity(context.runbook.severity, { verdict: String(params.verdict), tier });
    context.setSeverity(severity);
    return { severity, tier: tier ?? null, verdict: String(params.verdict) };
  },
  'conservation.check': (params) => {
    const produced = count(params, 'produced');
    const processed = count(params, 'processed');
    const deadLettered = count(params, 'deadLettered');
    const lost = produced - processed - deadLettered;
    if (lost !== 0) {
      throw new ActionFailedError(
        `${produced} produced but ${processed} processed + ${deadLettered} dead-lettered (${lost > 0 ? `${lost} lost` : `${-lost} extra`})`,
        { produced, processed, deadLettered, lost },
      );
    }
    return { produced, processed, deadLettered, lost };
  },
  wait: (params, context) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve({ waitedMs: Number(params.for) }), Number(params.for ?? 0));
      context.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(context.signal.reason);
      });
    }),
};
