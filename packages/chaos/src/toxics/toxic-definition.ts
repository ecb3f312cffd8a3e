import { ChaosErrorCode, invalidInput } from '../chaos.errors';

/** The toxics Toxiproxy ships (its README's list), with the attributes each one reads. "down" is `enabled: false`. */
export const TOXIC_ATTRIBUTES = {
  latency: ['latency', 'jitter'],
  timeout: ['timeout'],
  reset_peer: ['timeout'],
  bandwidth: ['rate'],
  slicer: ['average_size', 'size_variation', 'delay'],
  limit_data: ['bytes'],
  slow_close: ['delay'],
} as const satisfies Record<string, readonly string[]>;

export type ToxicType = keyof typeof TOXIC_ATTRIBUTES;
export const TOXIC_TYPES = Object.keys(TOXIC_ATTRIBUTES) as ToxicType[];
export type ToxicStream = 'upstream' | 'downstream';

/** Integer attributes (milliseconds, KB/s, bytes, microseconds: see the README's toxic table). */
export type ToxicAttributes = Record<string, number>;

/** A toxic as the API shows it: Toxiproxy's JSON shape. */
export interface ToxicDefinition {
  name: string;
  type: ToxicType;
  stream: ToxicStream;
  /** Probability that the toxic applies to a connection, rolled once per connection (and again on update). */
  toxicity: number;
  attributes: ToxicAttributes;
}

export function isToxicType(value: unknown): value is ToxicType {
  return typeof value === 'string' && Object.hasOwn(TOXIC_ATTRIBUTES, value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a toxic from a request body the way Toxiproxy does (stream defaults to downstream, toxicity to 1, name to
 * `<type>_<stream>`, missing attributes to 0), but stricter: unknown or non-integer attributes are refused.
 */
export function parseToxicDefinition(body: unknown): ToxicDefinition {
  if (!isRecord(body)) throw invalidInput(ChaosErrorCode.BadRequestBody, 'bad request body: expected a JSON object');
  const stream = body.stream ?? 'downstream';
  if (stream !== 'upstream' && stream !== 'downstream') {
    throw invalidInput(ChaosErrorCode.InvalidStream, 'stream was invalid, can be either upstream or downstream');
  }
  if (!isToxicType(body.type)) {
    throw invalidInput(
      ChaosErrorCode.InvalidToxicType,
      `invalid toxic type: ${JSON.stringify(body.type ?? null)} (known: ${TOXIC_TYPES.join(', ')})`,
    );
  }
  if (body.name !== undefined && (typeof body.name !== 'string' || body.name === '')) {
    throw invalidInput(ChaosErrorCode.BadRequestBody, 'bad request body: name must be a non-empty string');
  }
  const type = body.type;
  const name = (body.name as string | undefined) ?? `${type}_${stream}`;
  const toxicity = parseToxicity(body.toxicity, 1);
  const defaults = Object.fromEntries(TOXIC_ATTRIBUTES[type].map((key) => [key, 0]));
  const attributes = mergeAttributes(type, defaults, body.attributes);
  return { name, type, stream, toxicity, attributes };
}

/** Applies an update body (`attributes` merged over the current ones, `toxicity` kept when absent). */
export function updateToxicDefinition(current: ToxicDefinition, body: unknown): ToxicDefinition {
  if (!isRecord(body)) throw invalidInput(ChaosErrorCode.BadRequestBody, 'bad request body: expected a JSON object');
  return {
    ...current,
    toxicity: parseToxicity(body.toxicity, current.toxicity),
    attributes: mergeAttributes(current.type, current.attributes, body.attributes),
  };
}

function parseToxicity(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw invalidInput(
      ChaosErrorCode.InvalidToxicity,
      `toxicity must be a number from 0 to 1, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function mergeAttributes(type: ToxicType, base: ToxicAttributes, input: unknown): ToxicAttributes {
  if (input === undefined || input === null) return { ...base };
  if (!isRecord(input)) throw invalidInput(ChaosErrorCode.InvalidAttribute, 'attributes must be a JSON object');
  const known: readonly string[] = TOXIC_ATTRIBUTES[type];
  const merged = { ...base };
  for (const [key, value] of Object.entries(input)) {
    if (!known.includes(key)) {
      throw invalidInput(
        ChaosErrorCode.InvalidAttribute,
        `unknown attribute ${JSON.stringify(key)} for a ${type} toxic (known: ${known.join(', ')})`,
        { attribute: key },
      );
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw invalidInput(
        ChaosErrorCode.InvalidAttribute,
        `attribute ${key} of a ${type} toxic must be a non-negative integer, got ${JSON.stringify(value)}`,
        { attribute: key },
      );
    }
    merged[key] = value;
  }
  if (type === 'slicer') assertSlicer(merged);
  return merged;
}

function assertSlicer(attributes: ToxicAttributes): void {
  const average = attributes.average_size ?? 0;
  const variation = attributes.size_variation ?? 0;
  if (average < 1) {
    throw invalidInput(ChaosErrorCode.InvalidAttribute, 'attribute average_size of a slicer toxic must be at least 1', {
      attribute: 'average_size',
    });
  }
  if (variation >= average) {
    throw invalidInput(
      ChaosErrorCode.InvalidAttribute,
      `attribute size_variation of a slicer toxic must be less than average_size (${average})`,
      { attribute: 'size_variation' },
    );
  }
}
