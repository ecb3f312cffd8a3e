#!/usr/bin/env node
import { CommanderError } from 'commander';
import { createProgram } from './create-program';

createProgram(process.env)
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    // Commander has printed its own usage error; its exit code stands.
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`charter: ${(error as Error).message}\n`);
    process.exitCode = 2;
  });
