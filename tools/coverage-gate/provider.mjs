/**
 * Vitest coverage provider of this repository (`coverage.provider: 'custom'` in the root vitest.config.ts):
 * `@vitest/coverage-v8` (same version as vitest, pinned) plus the coverage of the Node child processes tests start,
 * e.g. the bundled CLI `apps/cli/dist/goe.js`, remapped through its source maps onto `apps/cli/src/**` and
 * `libs/*\/src/**` (see child-coverage.mjs). Thresholds and every reporter see the merged coverage.
 *
 * Relies on V8CoverageProvider's `remapCoverage` (Vitest's own V8 → Istanbul conversion), which is not public API:
 * revisit when @vitest/coverage-v8 is upgraded (the pin keeps it in step with vitest).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import v8 from '@vitest/coverage-v8';
import { V8CoverageProvider } from '@vitest/coverage-v8/dist/provider.js';
import {
  CHILD_COVERAGE_ENV,
  addChildCoverage,
  compactChildCoverage,
  enableChildCoverage,
  readChildCoverage,
} from './child-coverage.mjs';

/** The V8 provider, adding child-process coverage to the in-process coverage map before reports and thresholds. */
class ChildAwareV8CoverageProvider extends V8CoverageProvider {
  initialize(ctx) {
    super.initialize(ctx);
    this.childCoverageDirectory = join(this.coverageFilesDirectory, 'children');
    process.env[CHILD_COVERAGE_ENV] = this.childCoverageDirectory; // inherited by the test workers
  }

  async generateCoverage(context) {
    const coverageMap = await super.generateCoverage(context);
    const started = performance.now();
    const scripts = readChildCoverage(this.childCoverageDirectory);
    // GOE_CHILD_COVERAGE_DEBUG=1: keep both sides of every merge in <reportsDirectory>/child-coverage-debug.json,
    // and the in-process coverage alone in coverage-summary-in-process.json (same format as coverage-summary.json).
    const debug = process.env.GOE_CHILD_COVERAGE_DEBUG ? [] : undefined;
    if (debug) {
      const summary = {};
      for (const file of coverageMap.files()) summary[file] = coverageMap.fileCoverageFor(file).toSummary().toJSON();
      mkdirSync(this.options.reportsDirectory, { recursive: true });
      writeFileSync(join(this.options.reportsDirectory, 'coverage-summary-in-process.json'), JSON.stringify(summary));
    }
    let files = 0;
    let matched = 0;
    let unmatched = 0;
    for (const { url, functions, code, map } of scripts) {
      if (map === undefined && !this.isIncluded(fileURLToPath(url))) continue; // no way to reach a source file
      const converted = await this.remapCoverage(url, 0, { code, map }, functions);
      for (const [file, fileCoverage] of Object.entries(converted)) {
        if (!this.isIncluded(file)) continue;
        files++;
        if (coverageMap.files().includes(file)) {
          const target = coverageMap.fileCoverageFor(file).data;
          if (debug)
            debug.push({ target: JSON.parse(JSON.stringify(target)), child: fileCoverage.data ?? fileCoverage });
          const n = addChildCoverage(target, fileCoverage.data ?? fileCoverage);
          matched += n.matched;
          unmatched += n.unmatched;
        } else coverageMap.addFileCoverage(fileCoverage);
      }
    }
    if (debug) writeFileSync(join(this.options.reportsDirectory, 'child-coverage-debug.json'), JSON.stringify(debug));
    if (scripts.length) {
      this.ctx.logger.log(
        `child-process coverage: ${scripts.length} scripts → ${files} source file results merged ` +
          `(${matched} statements/functions/branches matched, ${unmatched} not matched) in ` +
          `${Math.round(performance.now() - started)} ms`,
      );
    }
    return coverageMap;
  }
}

export default {
  ...v8,
  async startCoverage(options) {
    const dir = process.env[CHILD_COVERAGE_ENV];
    if (dir) enableChildCoverage(dir);
    return v8.startCoverage(options);
  },
  async takeCoverage(options) {
    const dir = process.env[CHILD_COVERAGE_ENV];
    if (dir) compactChildCoverage(dir);
    return v8.takeCoverage(options);
  },
  async getProvider() {
    return new ChildAwareV8CoverageProvider();
  },
};
