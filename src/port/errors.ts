/** Port answered with an error, or could not be reached. The CLI exits 3; the actions warn by default. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly exitCode = 3;
  constructor(
    message: string,
    readonly status: number | null,
    readonly traceId: string | null = null,
  ) {
    super(message);
  }
}
