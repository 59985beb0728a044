import { UsageError } from './errors.js';
import { parseFinalStatus, type TerminalStatus } from './status.js';

/** The fields of Port's run update (PORT-FACTS.md §5: PATCH /v1/actions/runs/{id}); no other field is accepted. */
export interface RunUpdate {
  status?: TerminalStatus;
  statusLabel?: string;
  link?: string | string[];
  summary?: string;
  externalRunId?: string;
}

export interface RunUpdateRequest {
  /** success, failure or cancelled in any case (GitHub's job.status words work). */
  status?: string;
  statusLabel?: string;
  links?: string[];
  summary?: string;
  externalRunId?: string;
}

/**
 * The run update a report asks for, the same from every face: the status word mapped to Port's (cancelled is
 * FAILURE labelled Cancelled, unless a label is given), one link as a string and several as a list, each an
 * http(s) URL. Empty fields are left out, so they leave Port's values alone.
 * @throws UsageError naming the bad status word or link, and what is accepted.
 */
export function buildRunUpdate(request: RunUpdateRequest, statusSource = 'status', linkSource = 'link'): RunUpdate {
  const update: RunUpdate = {};
  const final = request.status ? parseFinalStatus(request.status, statusSource) : undefined;
  if (final) update.status = final.status;
  const statusLabel = request.statusLabel || final?.label;
  if (statusLabel) update.statusLabel = statusLabel;
  const links = (request.links ?? []).map((link) => link.trim()).filter((link) => link !== '');
  for (const link of links) {
    if (!/^https?:\/\/\S+$/.test(link)) throw new UsageError(`Invalid ${linkSource} '${link}'. Expected an http(s) URL.`);
  }
  if (links.length > 0) update.link = links.length === 1 ? links[0] : links;
  if (request.summary) update.summary = request.summary;
  if (request.externalRunId) update.externalRunId = request.externalRunId;
  return update;
}
