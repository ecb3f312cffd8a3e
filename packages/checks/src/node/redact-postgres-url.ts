/**
 * A PostgreSQL URL fit to print and store: no password (in the userinfo or as a `password` parameter), no other
 * query parameters (they may carry sslkey paths or passwords). `postgres://u:secret@h:5432/db?x=1` → `postgres://u@h:5432/db`.
 */
export function redactPostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}
