/** Port answered with an error, or could not be reached. The CLI exits 3; reporting steps warn by default. */
export declare class ApiError extends Error {
    /** The HTTP status, or null when no answer came. */
    readonly status: number | null;
    /** Port's `error` code, such as `run_exhausted`. */
    readonly code: string | null;
    readonly traceId: string | null;
    name: string;
    readonly exitCode = 3;
    constructor(message: string, 
    /** The HTTP status, or null when no answer came. */
    status: number | null, 
    /** Port's `error` code, such as `run_exhausted`. */
    code?: string | null, traceId?: string | null);
}
