import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ActionRegistry } from '../action-registry';
import { ActionFailedError } from '../builtin-actions';
import { buildPostmortem, type PostmortemInput } from '../postmortem/postmortem-data';
import { renderPostmortem } from '../postmortem/render-postmortem';
import { callService, type ServiceEndpoint } from './service-client';

export interface PostmortemOptions {
  /** The Handlebars template (`runbooks/postmortem.md.hbs`). */
  template: string;
  /** Where post-mortems are written (`<dir>/<incident id>.md`). */
  outputDir: string;
  /** The registry's public URL, for the incident's link. */
  registryUrl: string;
  /** Where the post-mortem is also put (`PUT /incidents/{id}/postmortem`) so the console shows it; none: file only. */
  registry?: ServiceEndpoint;
}

/**
 * `postmortem.write` `{ incident, subject, version?, title, severity, faultAt?, summary?, blastRadius? }` → renders the
 * template over the run so far, writes it and puts it to the incident in the registry (when one is given); returns the
 * file, MTTD, MTTR and whether the registry stored it.
 */
export function postmortemActions(options: PostmortemOptions): ActionRegistry {
  return {
    'postmortem.write': async (params, { run, runbook, timeline, signal }) => {
      if (typeof params.incident !== 'string') throw new ActionFailedError('incident must be an incident id');
      const input: PostmortemInput = {
        incident: {
          id: params.incident,
          subject: String(params.subject ?? ''),
          version: typeof params.version === 'number' ? params.version : null,
          title: String(params.title ?? ''),
          link: `${options.registryUrl}/incidents/${params.incident}`,
        },
        severity: String(params.severity ?? run.severity ?? 'unknown'),
        ...(typeof params.faultAt === 'string' ? { faultAt: params.faultAt } : {}),
        ...(typeof params.summary === 'string' ? { summary: params.summary } : {}),
        ...(params.blastRadius && typeof params.blastRadius === 'object'
          ? { blastRadius: params.blastRadius as PostmortemInput['blastRadius'] }
          : {}),
      };
      const data = buildPostmortem(runbook, run, timeline, input);
      const markdown = renderPostmortem(await readFile(options.template, 'utf8'), data);
      await mkdir(options.outputDir, { recursive: true });
      const file = path.join(options.outputDir, `${params.incident}.md`);
      await writeFile(file, markdown);
      // The file is the post-mortem; the registry's copy is what the console shows. A registry that refuses or is
      // unreachable does not fail a run that has recovered: the output says so instead.
      let stored: { stored: boolean; error?: string } = { stored: false };
      if (options.registry) {
        try {
          await callService(
            { ...options.registry, name: 'registry' },
            {
              method: 'PUT',
              path: `/incidents/${encodeURIComponent(params.incident)}/postmortem`,
              body: { markdown },
              signal,
            },
          );
          stored = { stored: true };
        } catch (error) {
          if (signal.aborted) throw error;
          stored = { stored: false, error: (error as Error).message };
        }
      }
      return { file, mttdMs: data.mttdMs, mttrMs: data.mttrMs, markdown, registry: stored };
    },
  };
}
