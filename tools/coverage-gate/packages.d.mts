/** Types of packages.mjs for the root vitest.config.ts. */
export declare const ROOT: string;
export declare const DEFAULT_THRESHOLDS: Readonly<{ statements: number; branches: number }>;
export declare const EXEMPTIONS: Readonly<Record<string, { statements: number; branches: number; reason: string }>>;
export declare const SOURCE_GLOB: string;
export declare const EXCLUDE_GLOBS: readonly string[];
export declare function sourcePackages(): { name: string; dir: string }[];
export declare function thresholdsFor(dir: string): { statements: number; branches: number; exempt?: string };
export declare function vitestCoverageOptions(): {
  include: string[];
  exclude: string[];
  thresholds: Record<string, { statements: number; branches: number }>;
};
