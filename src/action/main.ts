import * as core from '@actions/core';
import { UserError } from '../errors.js';
import { runScan } from '../run.js';

/** The Action shell: inputs -> the same core as the CLI -> outputs. */
export async function runAction(): Promise<void> {
  try {
    const path = core.getInput('path') || process.env.GITHUB_WORKSPACE || '.';
    const { report } = await runScan({ path, manifest: core.getInput('manifest') || undefined, policy: core.getInput('policy') || undefined });
    core.setOutput('gate', report.gate.status);
    core.setOutput('open-chains', String(report.chains.filter((c) => c.status === 'open').length));
    if (report.gate.status === 'fail') core.setFailed(report.gate.reasons.map((r) => r.message).join('\n'));
  } catch (e) {
    core.setFailed(e instanceof UserError ? e.format() : ((e as Error).stack ?? String(e)));
  }
}
