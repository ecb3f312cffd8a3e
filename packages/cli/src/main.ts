#!/usr/bin/env node
import { createProgram } from './create-program';

createProgram(process.env)
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`charter: ${(error as Error).message}\n`);
    process.exitCode = 2;
  });
