// @charter/runbook/node: the actions that act on Charter's services over HTTP, and the incident runner.
export { acknowledgeThroughApi, autoAcknowledge, type IncidentIdOf } from './acknowledgers';
export { type BlastRadiusRow, lineageActions } from './lineage-actions';
export { type IncidentChannels, type IncidentOf, incidentNotifier, notifyActions } from './notify-actions';
export { type PipelineControls, pipelineActions } from './pipeline-actions';
export { type PostmortemOptions, postmortemActions } from './postmortem-actions';
export { registryActions } from './registry-actions';
export { type IncidentRun, incidentActions, type RunIncidentOptions, runIncident } from './run-incident';
export { callService, type ServiceAnswer, type ServiceEndpoint } from './service-client';
