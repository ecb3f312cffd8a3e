// Runs the charter program in this process as main.ts does — stdout, stderr and the exit code it would end with.
import { CommanderError } from 'commander';
import { type CliEnvironment, createProgram } from '../src/create-program';

export interface CharterRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCharter(args: string[], env: CliEnvironment = {}): Promise<CharterRun> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  process.exitCode = undefined;
  let code: number;
  try {
    await createProgram(env)
      .exitOverride()
      .parseAsync(['node', 'charter', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) code = error.exitCode;
    else {
      stderr += `charter: ${(error as Error).message}\n`;
      code = 2;
    }
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
  return { code, stdout, stderr };
}
