// Reads what the console shows from an ODCS 3.1 document (as the registry stores it), tolerating anything missing:
// the registry validated the document, but a page must not break on a field it does not know.

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const text = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : undefined;

export interface ContractSla {
  property: string;
  value: string;
  unit?: string;
  element?: string;
  description?: string;
}

export interface ContractQualityRule {
  /** Where the rule applies: `orders` (an object) or `orders.amount_cents` (a property). */
  target: string;
  name: string;
  dimension?: string;
  description?: string;
  rule: string;
}

export interface ContractConsumer {
  id: string;
  kind?: string;
  team?: string;
  fields: string[];
  executive: boolean;
  description?: string;
}

export interface ContractDetails {
  name?: string;
  domain?: string;
  description?: string;
  owners: Array<{ username: string; name?: string }>;
  tier?: string;
  compatibility?: string;
  sla: ContractSla[];
  quality: ContractQualityRule[];
  consumers: ContractConsumer[];
  support: Array<{ channel: string; tool?: string; url?: string }>;
}

function customProperty(document: Json, property: string): unknown {
  return records(document.customProperties).find((entry) => entry.property === property)?.value;
}

function qualityRules(target: string, value: unknown): ContractQualityRule[] {
  return records(value).map((rule, index) => ({
    target,
    name: text(rule.name) ?? text(rule.rule) ?? text(rule.metric) ?? `rule ${index + 1}`,
    dimension: text(rule.dimension),
    description: text(rule.description),
    rule: describeRule(rule),
  }));
}

/** A quality rule in one line: its type and the parts that say what it checks. */
function describeRule(rule: Json): string {
  const parts: string[] = [];
  const type = text(rule.type) ?? 'library';
  parts.push(type);
  for (const key of [
    'metric',
    'rule',
    'mustBe',
    'mustBeGreaterThan',
    'mustBeGreaterOrEqualTo',
    'mustBeLessThan',
    'mustBeLessOrEqualTo',
    'mustBeBetween',
    'mustNotBe',
    'query',
    'unit',
  ]) {
    const value = rule[key];
    if (value === undefined) continue;
    parts.push(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return parts.join(' · ');
}

export function readContract(document: Json): ContractDetails {
  const team = isRecord(document.team) ? document.team : {};
  const description = isRecord(document.description) ? text(document.description.purpose) : text(document.description);
  const quality: ContractQualityRule[] = [];
  for (const object of records(document.schema)) {
    const objectName = text(object.name) ?? 'schema';
    quality.push(...qualityRules(objectName, object.quality));
    for (const property of records(object.properties)) {
      quality.push(...qualityRules(`${objectName}.${text(property.name) ?? '?'}`, property.quality));
    }
  }
  return {
    name: text(document.name),
    domain: text(document.domain),
    description,
    owners: records(team.members)
      .filter((member) => member.role === 'owner')
      .map((member) => ({ username: text(member.username) ?? '?', name: text(member.name) })),
    tier: text(customProperty(document, 'severityTier')),
    compatibility: text(customProperty(document, 'compatibility')),
    sla: records(document.slaProperties).map((sla) => ({
      property: text(sla.property) ?? '?',
      value: text(sla.value) ?? JSON.stringify(sla.value),
      unit: text(sla.unit),
      element: text(sla.element),
      description: text(sla.description),
    })),
    quality,
    consumers: records(customProperty(document, 'consumers')).map((consumer) => ({
      id: text(consumer.id) ?? '?',
      kind: text(consumer.kind),
      team: text(consumer.team),
      fields: Array.isArray(consumer.fields) ? consumer.fields.map(String) : [],
      executive: consumer.executive === true,
      description: text(consumer.description),
    })),
    support: records(document.support).map((channel) => ({
      channel: text(channel.channel) ?? '?',
      tool: text(channel.tool),
      url: text(channel.url),
    })),
  };
}
