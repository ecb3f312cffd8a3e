export { contractBodyHook } from './contract-body-hook';
