/** Where run events go: a lineage service's OpenLineage endpoint. */
export interface LineageClient {
  /** Resolves once the event is accepted; rejects with the reason otherwise. */
  send(event: Record<string, unknown>): Promise<void>;
}

/** A refusal or failure to reach the lineage service, with the status when it answered. */
export class LineageSendError extends Error {
  override readonly name = 'LineageSendError';

  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** POSTs each event to `<url>/api/v1/lineage` (Marquez's path, which Charter's lineage service serves). */
export class HttpLineageClient implements LineageClient {
  private readonly endpoint: string;
  private readonly authorization: string | undefined;

  constructor(
    url: string,
    credentials: { keyId: string; secret: string } | undefined,
    private readonly timeoutMs: number,
  ) {
    this.endpoint = `${url}/api/v1/lineage`;
    this.authorization =
      credentials && `Basic ${Buffer.from(`${credentials.keyId}:${credentials.secret}`).toString('base64')}`;
  }

  async send(event: Record<string, unknown>): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.authorization ? { authorization: this.authorization } : {}),
        },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new LineageSendError(`the lineage service cannot be reached: ${(error as Error).message}`, undefined, {
        cause: error,
      });
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      throw new LineageSendError(
        `the lineage service answered ${response.status}: ${text.slice(0, 300)}`,
        response.status,
      );
    }
  }
}
