import type { SubjectReport } from './check-schema-directory';

/** The human report of `charter check`: one block per subject, one line per version, the why under each failure. */
export function formatCheckReport(subjects: SubjectReport[], level: string): string {
  const lines: string[] = [`Compatibility report (${level})`, ''];
  for (const subject of subjects) {
    lines.push(
      `${subject.ok ? 'ok  ' : 'FAIL'} ${subject.subject} (${subject.schemaType}, ${subject.versions.length} versions)`,
    );
    for (const version of subject.versions) {
      if (version.error) {
        lines.push(`  v${version.version}  INVALID  ${version.file}: ${version.error.code}: ${version.error.message}`);
        continue;
      }
      const verdict = !version.compatibility
        ? 'first'
        : version.compatibility.isCompatible
          ? 'compatible'
          : 'INCOMPATIBLE';
      lines.push(`  v${version.version}  ${verdict.padEnd(12)} ${version.fingerprint?.slice(0, 12)}  ${version.file}`);
      for (const change of version.changes) {
        const breaks = [change.breaking.backward && 'backward', change.breaking.forward && 'forward']
          .filter(Boolean)
          .join('+');
        lines.push(
          `        ${change.kind}${change.field ? ` ${change.field}` : ''}${breaks ? `  (breaks ${breaks})` : ''}`,
        );
      }
      for (const problem of version.compatibility?.incompatibilities ?? []) {
        lines.push(
          `      ✗ [${problem.rule}] ${problem.path}: ${problem.message} (against v${problem.previousIndex + 1})`,
        );
      }
    }
  }
  const failed = subjects.filter((s) => !s.ok).length;
  lines.push('', `${subjects.length} subjects checked, ${failed} failing`);
  return lines.join('\n');
}
