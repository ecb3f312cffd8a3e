import { type DynamicModule, Module } from '@nestjs/common';
import { BodyChecker, type BodyCheckerOptions } from '../body/body-checker';

export type EnforcementModuleOptions = BodyCheckerOptions;

/** Provides the one `BodyChecker` that every `@ContractBody` route of the application uses (a global module). */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: Nest's dynamic-module convention (`EnforcementModule.forRoot`).
export class EnforcementModule {
  static forRoot(options: EnforcementModuleOptions): DynamicModule {
    return {
      module: EnforcementModule,
      global: true,
      providers: [{ provide: BodyChecker, useValue: new BodyChecker(options) }],
      exports: [BodyChecker],
    };
  }
}
