import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import dockerignore from '@balena/dockerignore';
import { validate } from 'dockerfile-utils';
import { readDockerfile } from './read-dockerfile';

export interface DockerfileProblem {
  /** 1-based. */
  line: number;
  message: string;
}

const ERROR_SEVERITY = 1;
const ROOT_USERS = new Set(['root', '0']);

/**
 * What would break `docker build` (or run the image as root), found without a Docker engine: syntax errors; a `COPY`
 * source that is not in the build context `contextDir` or that its `.dockerignore` leaves out; a `--from` naming no
 * earlier stage; a final stage with no `USER` or a root one. Sources are literal paths (wildcards are not expanded).
 */
export function checkDockerfile(text: string, contextDir: string): DockerfileProblem[] {
  const problems: DockerfileProblem[] = validate(text)
    .filter((diagnostic) => diagnostic.severity === ERROR_SEVERITY)
    .map((diagnostic) => ({
      line: diagnostic.range.start.line + 1,
      message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
    }));
  const ignoreFile = path.join(contextDir, '.dockerignore');
  const ignored = dockerignore().add(existsSync(ignoreFile) ? readFileSync(ignoreFile, 'utf8') : '');
  const stages = readDockerfile(text);
  stages.forEach((stage, index) => {
    const earlierStages = stages.slice(0, index);
    for (const copy of stage.copies) {
      if (copy.from !== undefined) {
        const known = earlierStages.some(
          (earlier, earlierIndex) => earlier.name === copy.from || String(earlierIndex) === copy.from,
        );
        if (!known)
          problems.push({ line: copy.line, message: `COPY --from=${copy.from}: no earlier stage has that name` });
        continue;
      }
      for (const source of copy.sources) {
        const relative = path.posix.normalize(source).replace(/^\/+|\/+$/g, '');
        if (relative.startsWith('..')) {
          problems.push({ line: copy.line, message: `COPY ${source}: outside the build context` });
        } else if (!existsSync(path.join(contextDir, relative))) {
          problems.push({ line: copy.line, message: `COPY ${source}: not in the build context` });
        } else if (relative !== '.' && ignored.ignores(relative)) {
          problems.push({ line: copy.line, message: `COPY ${source}: excluded by .dockerignore` });
        }
      }
    }
  });
  const final = stages.at(-1);
  if (final && (final.user === undefined || ROOT_USERS.has(final.user.split(':')[0] ?? ''))) {
    problems.push({ line: final.line, message: 'the final stage runs as root: set a USER' });
  }
  return problems;
}
