import type { Endpoint } from '../routing/notification-routes';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signWebhook } from '../webhook-signature';

/**
 * POSTs one rendered body to an endpoint now, as the dispatcher's worker does (signed when the endpoint has a secret,
 * its bearer token for GitHub, its routing key added for PagerDuty); throws on a network error or a non-2xx answer.
 * The error names the endpoint, never its URL (Slack's URL is its secret).
 */
export async function deliverNotification(options: {
  name: string;
  endpoint: Endpoint;
  body: unknown;
  id: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}): Promise<void> {
  const { endpoint } = options;
  const payload =
    endpoint.channel === 'pagerduty' ? { routing_key: endpoint.routingKey, ...(options.body as object) } : options.body;
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'charter-notify',
    [EVENT_ID_HEADER]: options.id,
  };
  if (endpoint.secret !== undefined)
    headers[SIGNATURE_HEADER] = signWebhook(endpoint.secret, body, Math.floor(Date.now() / 1000));
  if (endpoint.token !== undefined) headers.authorization = `Bearer ${endpoint.token}`;
  if (endpoint.channel === 'github') headers.accept = 'application/vnd.github+json';
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 5_000);
  const response = await fetch(endpoint.url, {
    method: 'POST',
    headers,
    body,
    signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
  });
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${endpoint.channel} endpoint ${options.name}`);
}
