// `@charter/lineage/testing` (apps/lineage/src/testing), which Jest resolves to its source like every workspace
// package's entry; the lineage app publishes no such subpath for tsc, so the part these tests use is declared here
// (the lineage app's own typecheck holds the real one).
declare module '@charter/lineage/testing' {
  export interface TestLineage {
    url: string;
    close(): Promise<void>;
  }
  export const CONTRACTS_DIR: string;
  export function startTestLineage(options: {
    registryUrl: string;
    port?: number;
    env?: Record<string, string>;
  }): Promise<TestLineage>;
}
