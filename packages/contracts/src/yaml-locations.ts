import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { ContractProblem } from './contract-problem';
import { fromJsonPointer } from './json-pointer';

/** Bounds on what a YAML file may make the parser do. */
export const YAML_LIMITS = {
  /** Files larger than this are refused before parsing (1 MiB). */
  maxBytes: 1024 * 1024,
  /** Alias expansions allowed while building values: stops "billion laughs" documents. */
  maxAliasCount: 100,
} as const;

export interface ParsedYaml {
  document: Document.Parsed;
  lineCounter: LineCounter;
}

/** Parses YAML (JSON is YAML) keeping node positions, so problems can be given a line and column. */
export function parseYamlWithPositions(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  return { document, lineCounter };
}

/** The syntax errors of a parsed YAML document, each with its 1-based line and column and a one-line message. */
export function yamlSyntaxErrors(parsed: ParsedYaml): Array<{ line?: number; column?: number; message: string }> {
  return parsed.document.errors.map((error) => ({
    line: error.linePos?.[0]?.line,
    column: error.linePos?.[0]?.col,
    message: error.message.split('\n')[0]!,
  }));
}

/**
 * The 1-based line and column of a JSON pointer in a parsed YAML document: the deepest node of the path that exists.
 * For a map entry it is the position of the key, where a reader looks first.
 */
export function locateYamlPath(parsed: ParsedYaml, pointer: string): { line: number; column: number } {
  let node: unknown = parsed.document.contents;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (const segment of fromJsonPointer(pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === segment);
      if (!pair) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!/^\d+$/.test(segment) || !item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  const { line, col } = parsed.lineCounter.linePos(offset);
  return { line, column: col };
}

/** Adds line and column to problems whose path points into the given YAML document. */
export function locateProblems(parsed: ParsedYaml, problems: readonly ContractProblem[]): ContractProblem[] {
  return problems.map((problem) =>
    problem.line === undefined ? { ...problem, ...locateYamlPath(parsed, problem.path) } : problem,
  );
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}
