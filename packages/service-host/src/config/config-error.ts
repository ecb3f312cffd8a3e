/** A service cannot start with this environment: every bad variable is listed, no value is echoed (secrets). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly service: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid ${service} configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}
