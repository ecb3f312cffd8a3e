export const SCHEMA_REGISTRY_V1 = 'application/vnd.schemaregistry.v1+json';
const SCHEMA_REGISTRY = 'application/vnd.schemaregistry+json';
const JSON_TYPE = 'application/json';

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
  index: number;
}

/**
 * The response type for an Accept header, as Confluent's server (JAX-RS) chooses it, or undefined when none it
 * speaks is acceptable (406). Ranges are tried by quality, then the more specific first, then as written; a
 * range with a wildcard type (`*`, `*\/*`, `*\/anything`) or `application/*` takes the default, and `q=0` refuses.
 */
export function negotiateMediaType(accept: string): string | undefined {
  if (accept.trim() === '') return SCHEMA_REGISTRY_V1;
  const ranges = accept
    .split(',')
    .map((part, index) => readRange(part, index))
    .filter((range): range is MediaRange => range !== undefined && range.q > 0)
    .sort((a, b) => b.q - a.q || specificity(b) - specificity(a) || a.index - b.index);
  for (const { type, subtype } of ranges) {
    if (type === '*' || (type === 'application' && subtype === '*')) return SCHEMA_REGISTRY_V1;
    const full = `${type}/${subtype}`;
    if (full === SCHEMA_REGISTRY_V1 || full === SCHEMA_REGISTRY || full === JSON_TYPE) return full;
  }
  return undefined;
}

function readRange(part: string, index: number): MediaRange | undefined {
  const [mediaType = '', ...parameters] = part.split(';');
  const trimmed = mediaType.trim().toLowerCase();
  if (trimmed === '') return undefined;
  // A bare `*` is read as `*/*`.
  const [type = '', subtype = '*'] = trimmed === '*' ? ['*', '*'] : trimmed.split('/');
  let q = 1;
  for (const parameter of parameters) {
    const [name, value] = parameter.split('=').map((text) => text.trim());
    if (name?.toLowerCase() === 'q') {
      q = Number(value);
      if (!Number.isFinite(q)) q = 0;
    }
  }
  return { type, subtype, q, index };
}

function specificity(range: MediaRange): number {
  return range.type === '*' ? 0 : range.subtype === '*' ? 1 : 2;
}
