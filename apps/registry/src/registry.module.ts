import { type DynamicModule, Module } from '@nestjs/common';
import { ApiKeysService } from './governance/api-keys.service';
import { ApprovalsService } from './governance/approvals.service';
import { AuditService } from './governance/audit.service';
import { CheckRunsService } from './governance/check-runs.service';
import { ContractsService } from './governance/contracts.service';
import { DriftEventsService } from './governance/drift-events.service';
import { IncidentsService } from './governance/incidents.service';
import { OwnershipService } from './governance/ownership.service';
import { ApprovalsController } from './http/approvals.controller';
import { AuditController } from './http/audit.controller';
import { ChecksController } from './http/checks.controller';
import { CompatibilityController } from './http/compatibility.controller';
import { ContractsController } from './http/contracts.controller';
import { IncidentsController } from './http/incidents.controller';
import { KeysController } from './http/keys.controller';
import { OwnershipController } from './http/ownership.controller';
import { SchemasController } from './http/schemas.controller';
import { ConfigController, ModeController } from './http/settings.controller';
import { CatalogController, SubjectDiffController } from './http/subject-catalog.controller';
import { SubjectsController } from './http/subjects.controller';
import { WhoamiController } from './http/whoami.controller';
import { OperationsController } from './operations/operations.controller';
import { CompatibilityService } from './registry/compatibility.service';
import { RegistrationService } from './registry/registration.service';
import { SchemasService } from './registry/schemas.service';
import { SettingsService } from './registry/settings.service';
import { SubjectCatalogService } from './registry/subject-catalog.service';
import { SubjectsService } from './registry/subjects.service';
import type { RegistryRuntime } from './registry-runtime';

@Module({})
export class RegistryModule {}

/** Binds the runtime's services to the HTTP controllers; all wiring of engines to storage is in the runtime. */
export function registryModule(runtime: RegistryRuntime): DynamicModule {
  return {
    module: RegistryModule,
    controllers: [
      SchemasController,
      SubjectsController,
      CompatibilityController,
      ConfigController,
      ModeController,
      OperationsController,
      ContractsController,
      ChecksController,
      OwnershipController,
      KeysController,
      AuditController,
      ApprovalsController,
      IncidentsController,
      WhoamiController,
      CatalogController,
      SubjectDiffController,
    ],
    providers: [
      { provide: SchemasService, useValue: runtime.schemas },
      { provide: SubjectsService, useValue: runtime.subjects },
      { provide: SubjectCatalogService, useValue: runtime.catalog },
      { provide: RegistrationService, useValue: runtime.registration },
      { provide: CompatibilityService, useValue: runtime.compatibility },
      { provide: SettingsService, useValue: runtime.settings },
      { provide: ApiKeysService, useValue: runtime.keys },
      { provide: AuditService, useValue: runtime.audit },
      { provide: OwnershipService, useValue: runtime.ownership },
      { provide: ContractsService, useValue: runtime.contracts },
      { provide: ApprovalsService, useValue: runtime.approvals },
      { provide: CheckRunsService, useValue: runtime.checks },
      { provide: DriftEventsService, useValue: runtime.driftEvents },
      { provide: IncidentsService, useValue: runtime.incidents },
    ],
  };
}
