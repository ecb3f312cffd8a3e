import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PromotionSelection } from './promotion-types';

/**
 * What a promotion keeps between runs, in `.charter/promotions/<from>-to-<to>.json`: its id (the same across a
 * resume, so the target's audit shows one promotion), the approval it waits for, and the modes it changed on the
 * target so they are restored even after a crash. Nothing secret.
 */
export interface PromotionState {
  id: string;
  from: string;
  to: string;
  selection: PromotionSelection;
  startedAt: string;
  approvalId?: string;
  digest?: string;
  /** Subjects switched to IMPORT mode on the target, with the mode to restore (null: none of its own). */
  importModes: Record<string, string | null>;
}

export class PromotionStateStore {
  constructor(private readonly dir: string) {}

  private file(from: string, to: string): string {
    return join(this.dir, `${from}-to-${to}.json`);
  }

  read(from: string, to: string): PromotionState | undefined {
    try {
      return JSON.parse(readFileSync(this.file(from, to), 'utf8')) as PromotionState;
    } catch {
      return undefined;
    }
  }

  list(): PromotionState[] {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((name) => name.endsWith('.json'));
    } catch {
      return [];
    }
    return names.flatMap((name) => {
      try {
        return [JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as PromotionState];
      } catch {
        return [];
      }
    });
  }

  /** Written whole to a temporary file, then renamed: a crash never leaves half a state. */
  write(state: PromotionState): void {
    mkdirSync(this.dir, { recursive: true });
    const file = this.file(state.from, state.to);
    writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
  }

  clear(from: string, to: string): void {
    rmSync(this.file(from, to), { force: true });
  }
}
