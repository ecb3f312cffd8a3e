import type { Actor } from '../auth/principal';
import { GovernanceErrors } from '../errors/governance.errors';
import type { AuditService } from './audit.service';
import type { ContractsService, ContractView } from './contracts.service';

/**
 * The contract a check run or drift event reports on, when the caller may report on it: the same rule as publishing
 * it — an admin, or a key of the team owning the contract. An unknown contract is a 404; another team's a 403,
 * audited as a refusal.
 */
export async function authorizeContractReport(
  contracts: Pick<ContractsService, 'get'>,
  audit: Pick<AuditService, 'record'>,
  actor: Actor,
  report: { action: string; contractId: string; reportId: string },
): Promise<ContractView> {
  const contract = await contracts.get(report.contractId);
  const { principal } = actor;
  if (principal.role === 'admin' || (principal.role === 'team' && principal.team === contract.team)) return contract;
  const reason =
    principal.role === 'team'
      ? `contract '${contract.id}' belongs to team ${contract.team}; team ${principal.team} may not report on it`
      : `only the team owning contract '${contract.id}' (${contract.team}) or an admin reports on it`;
  await audit.record(actor, {
    action: report.action,
    targetType: 'contract',
    target: contract.id,
    outcome: 'denied',
    after: { id: report.reportId, owner: contract.team, reason },
  });
  throw GovernanceErrors.forbidden(reason);
}
