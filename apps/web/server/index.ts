export { DEFAULT_APP_DIR, loadWebConfig, type WebConfig } from './config/web-config';
export { createWebServer, type WebServer } from './create-web-server';
export { CONTENT_SECURITY_POLICY } from './security-headers';
export { UPSTREAM_UNAVAILABLE } from './upstream-proxy';
