import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ShutdownPlan } from '../lifecycle/shutdown-plan';
import type { Readiness } from '../operations/readiness';

/** An app built by its `create<App>App`: routes registered, not yet listening. */
export interface ServiceApp<Runtime> {
  app: NestFastifyApplication;
  /** Everything the app holds, wired together. */
  runtime: Runtime;
  readiness: Readiness;
  /** Every route served, as `METHOD /path/{param}`. */
  routes: readonly string[];
  /** The order `close` stops things in (named, so a shutdown deadline can say what it abandoned). */
  shutdown: ShutdownPlan;
  /** Stops taking requests, lets those in flight finish, then stops background work and closes connections. */
  close(): Promise<void>;
}
