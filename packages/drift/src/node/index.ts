// `@charter/drift/node`: the profiler's I/O — Prometheus metrics, the registry reporter, files (outside the engine rule).
export { driftMetrics } from './drift-metrics';
export { type DriftReporterStats, HttpDriftReporter, type HttpDriftReporterOptions } from './http-drift-reporter';
export { readProfileFile, writeProfileFile } from './profile-file';
export { readJsonLines } from './read-json-lines';
