import { Copy, DockerfileParser, Env, From, type Instruction } from 'dockerfile-ast';

export interface DockerfileCopy {
  /** 1-based, as editors and `docker build` count. */
  line: number;
  /** The stage (or image) named by `--from`; undefined → the build context. */
  from: string | undefined;
  sources: string[];
  destination: string;
}

/** What one `FROM` … starts, with what an image built from it would have (inherited from an earlier stage too). */
export interface DockerfileStage {
  line: number;
  /** The `FROM` argument: an image reference or an earlier stage's name. */
  base: string;
  /** The `AS` name. */
  name: string | undefined;
  workdir: string | undefined;
  env: Record<string, string>;
  /** The last `USER`; undefined → root. */
  user: string | undefined;
  exposedPorts: number[];
  /** The `HEALTHCHECK CMD` as exec arguments (a shell form becomes `/bin/sh -c …`); undefined → none. */
  healthcheck: string[] | undefined;
  cmd: string[] | undefined;
  copies: DockerfileCopy[];
}

/** Reads a Dockerfile's stages, in order, as far as a static reading can tell (no `ARG` substitution). */
export function readDockerfile(text: string): DockerfileStage[] {
  const stages: DockerfileStage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    const line = instruction.getRange().start.line + 1;
    if (instruction instanceof From) {
      const base = instruction.getImage() ?? '';
      const parent = stages.find((stage) => stage.name !== undefined && stage.name === base);
      stages.push({
        line,
        base,
        name: instruction.getBuildStage() ?? undefined,
        workdir: parent?.workdir,
        env: { ...parent?.env },
        user: parent?.user,
        exposedPorts: [...(parent?.exposedPorts ?? [])],
        healthcheck: parent?.healthcheck,
        cmd: parent?.cmd,
        copies: [],
      });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) continue;
    applyInstruction(stage, instruction, line);
  }
  return stages;
}

function applyInstruction(stage: DockerfileStage, instruction: Instruction, line: number): void {
  const values = instruction.getArguments().map((argument) => argument.getValue());
  if (instruction instanceof Copy) {
    const paths = isJsonForm(instruction)
      ? (JSON.parse(instruction.getArgumentsContent() ?? '[]') as string[])
      : values;
    stage.copies.push({
      line,
      from: instruction.getFromFlag()?.getValue() ?? undefined,
      sources: paths.slice(0, -1),
      destination: paths.at(-1) ?? '',
    });
    return;
  }
  if (instruction instanceof Env) {
    for (const property of instruction.getProperties()) {
      stage.env[property.getName()] = property.getValue() ?? '';
    }
    return;
  }
  switch (instruction.getKeyword()) {
    case 'WORKDIR':
      stage.workdir = resolveWorkdir(stage.workdir, values.join(' '));
      return;
    case 'USER':
      stage.user = values[0];
      return;
    case 'EXPOSE':
      stage.exposedPorts.push(...values.map((value) => Number.parseInt(value, 10)));
      return;
    case 'HEALTHCHECK': {
      const content = instruction.getArgumentsContent() ?? '';
      stage.healthcheck = /^NONE\b/i.test(content) ? undefined : execArguments(content.replace(/^CMD\s+/i, ''));
      return;
    }
    case 'CMD':
      stage.cmd = execArguments(instruction.getArgumentsContent() ?? '');
      return;
  }
}

function isJsonForm(instruction: Instruction): boolean {
  return (instruction.getArgumentsContent() ?? '').trimStart().startsWith('[');
}

function execArguments(content: string): string[] {
  const trimmed = content.trim();
  return trimmed.startsWith('[') ? (JSON.parse(trimmed) as string[]) : ['/bin/sh', '-c', trimmed];
}

function resolveWorkdir(current: string | undefined, next: string): string {
  if (next.startsWith('/')) return next;
  return `${(current ?? '/').replace(/\/+$/, '')}/${next}`;
}

/**
 * The URL a stage's health check requests, with `${process.env.NAME}` (a Node one-liner) and `$NAME` / `${NAME}`
 * (a shell) replaced from the container's environment; undefined → no health check, or no URL in it.
 */
export function healthcheckUrl(stage: DockerfileStage, environment: Record<string, string>): string | undefined {
  const command = stage.healthcheck?.join(' ');
  const url = command && /https?:\/\/[^\s'"`)]+/.exec(command)?.[0];
  if (!url) return undefined;
  return url.replace(
    /\$\{process\.env\.(\w+)\}|\$\{(\w+)\}|\$(\w+)/g,
    (_match, ...names: Array<string | undefined>) => environment[names.find(Boolean) ?? ''] ?? '',
  );
}
