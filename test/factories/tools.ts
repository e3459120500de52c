import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const EXAMPLES = join(__dirname, '..', '..', 'examples', 'tools');

export interface ExampleTool {
  tool: { name: string; displayName: string; description: string; tags: string[] };
  version: Record<string, unknown> & { version: string; code: string };
}

/** The example tools of examples/tools, as the API's create-tool and publish-version bodies. */
export function exampleTools(): Record<string, ExampleTool> {
  const tools: Record<string, ExampleTool> = {};
  for (const entry of readdirSync(EXAMPLES, { withFileTypes: true }).filter((item) => item.isDirectory())) {
    const manifest = JSON.parse(readFileSync(join(EXAMPLES, entry.name, 'tool.json'), 'utf8'));
    const { version, ...tool } = manifest;
    tools[entry.name] = {
      tool,
      version: { ...version, code: readFileSync(join(EXAMPLES, entry.name, 'main.py'), 'utf8') },
    };
  }
  return tools;
}

let counter = 0;

/** A unique tool slug for a test. */
export function uniqueToolName(prefix = 'tool'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

/** A minimal valid publish-version body; override any field. */
export function makeVersion(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '1.0.0',
    image: 'retort/sandbox-python-scientific:1.0.0',
    code: 'def run(params):\n    return {"echo": params}\n',
    parametersSchema: { type: 'object', properties: { n: { type: 'integer', default: 3 } } },
    limits: { memoryMb: 256, cpus: 1, timeoutS: 60, maxOutputBytes: 1048576 },
    ...overrides,
  };
}
