/** Why a drill could not run at all (exit 2), as opposed to a drill whose hypotheses failed (exit 1). */
export const DrillErrorCode = {
  /** A component the scenario needs does not answer. */
  ComponentNotRunning: 'component-not-running',
  /** The scenario, the runbook or the SLA does not validate (unknown action, unknown SLO …). */
  InvalidInput: 'invalid-input',
  /** The fault sits behind a component (its database, its cache) and no fault proxy in that path was given. */
  FaultProxyRequired: 'fault-proxy-required',
  /** broker-down without the broker's fault controls (a Kafka cluster the drill did not start cannot be taken down). */
  BrokerControlRequired: 'broker-control-required',
} as const;
export type DrillErrorCode = (typeof DrillErrorCode)[keyof typeof DrillErrorCode];

export class DrillError extends Error {
  override readonly name = 'DrillError';
  constructor(
    readonly code: DrillErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
