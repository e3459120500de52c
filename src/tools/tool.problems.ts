import { ProblemType } from '../common/problem-details';

/** The problem types this module answers with (slug, HTTP status, what it means). */
export const ToolProblems = {
  toolExists: { slug: 'tool-exists', status: 409, title: 'A tool with this name exists' },
  versionExists: { slug: 'version-exists', status: 409, title: 'The tool already has this version' },
} as const satisfies Record<string, ProblemType>;
