import type { ContractProblem } from './contract-problem';
import { type ParsedYaml, parseYamlWithPositions, YAML_LIMITS } from './yaml-locations';

export interface YamlTextResult {
  /** The document as plain JSON-safe data (`null` for an empty file); absent when the text cannot be read. */
  value?: unknown;
  parsed?: ParsedYaml;
  problems: ContractProblem[];
}

/**
 * Reads YAML or JSON text into plain data, bounded: oversized files and alias bombs are refused, every syntax error
 * is reported with its line and column (code `yaml-syntax`).
 */
export function readYamlText(text: string, options: { file: string }): YamlTextResult {
  const { file } = options;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > YAML_LIMITS.maxBytes) {
    return {
      problems: [wholeFileProblem(file, `file is ${bytes} bytes; the limit is ${YAML_LIMITS.maxBytes} bytes (1 MiB)`)],
    };
  }
  const parsed = parseYamlWithPositions(text);
  if (parsed.document.errors.length > 0) {
    return {
      problems: parsed.document.errors.map((error) => {
        const position = error.linePos?.[0];
        return {
          code: 'yaml-syntax',
          file,
          ...(position ? { line: position.line, column: position.col } : {}),
          path: '',
          message: error.message.split('\n')[0] ?? error.message,
        };
      }),
    };
  }
  try {
    const value = parsed.document.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
    return { value: value ?? null, parsed, problems: [] };
  } catch (error) {
    return {
      problems: [wholeFileProblem(file, `cannot read YAML: ${(error as Error).message}`)],
    };
  }
}

/** A problem with the file as a whole, reported at its first line. */
function wholeFileProblem(file: string, message: string): ContractProblem {
  return { code: 'yaml-syntax', file, line: 1, column: 1, path: '', message };
}
