/** Port answered with an error, or could not be reached. The CLI exits 3; reporting steps warn by default. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly exitCode = 3;
  constructor(
    message: string,
    /** The HTTP status, or null when no answer came. */
    readonly status: number | null,
    /** Port's `error` code, such as `run_exhausted`. */
    readonly code: string | null = null,
    readonly traceId: string | null = null,
  ) {
    super(message);
  }
}
