export { generateCredentials } from './auth/api-key-credentials';
export { loadRegistryConfig, type RegistryConfig } from './config/registry-config';
export { createRegistryApp, type RegistryApp } from './create-registry-app';
