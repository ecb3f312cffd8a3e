// `@charter/lineage/testing` (apps/lineage/src/testing), which Jest resolves to its source like every workspace
// package. The CLI cannot depend on the lineage app (the app builds after the CLI), so the part of the helper the
// drill tests use is declared here; the lineage app's typecheck holds the real one.
declare module '@charter/lineage/testing' {
  export interface TestLineage {
    url: string;
    close(): Promise<void>;
  }
  export const CONTRACTS_DIR: string;
  export function startTestLineage(options: {
    registryUrl: string;
    env?: Record<string, string>;
  }): Promise<TestLineage>;
}
