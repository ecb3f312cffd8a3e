export { ContractBody } from './contract-body.decorator';
export { ContractBodyException } from './contract-body.exception';
export { ContractBodyExceptionFilter } from './contract-body-exception.filter';
export { EnforcementModule, type EnforcementModuleOptions } from './enforcement.module';
