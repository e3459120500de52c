import { createHash } from 'node:crypto';

/** A file a calculation read or wrote, as the crate describes it. */
export interface ProvenanceFile {
  id: string;
  name: string;
  /** Null when the file has been deleted since. */
  sha256: string | null;
  sizeBytes: number | null;
  contentType: string | null;
  /** Whether its bytes go into the crate (live, and readable by whoever asks for the crate). */
  included: boolean;
}

export interface ProvenanceSource {
  id: string;
  name: string;
  status: string;
  ownerId: string;
  ownerName: string | null;
  tool: string | null;
  toolVersion: string | null;
  toolVersionId: string | null;
  image: string;
  /** The image id the worker ran (null before it started, or when not recorded). */
  imageDigest: string | null;
  code: string;
  parameters: Record<string, unknown>;
  limits: Record<string, unknown>;
  queuedAt: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
  errorMessage: string | null;
  exitCode: number | null;
  cpuTimeS: number | null;
  executionTimeS: number | null;
  peakMemoryBytes: number | null;
  workerId: string | null;
  reusedFrom: string | null;
  inputs: ProvenanceFile[];
  outputs: ProvenanceFile[];
}

const ACTION_STATUS: Record<string, string> = {
  completed: 'http://schema.org/CompletedActionStatus',
  failed: 'http://schema.org/FailedActionStatus',
  timed_out: 'http://schema.org/FailedActionStatus',
  cancelled: 'http://schema.org/FailedActionStatus',
  running: 'http://schema.org/ActiveActionStatus',
};

const iso = (date: Date | null) => date?.toISOString();

export const RO_CRATE_SPEC = 'https://w3id.org/ro/crate/1.1';
export const PROCESS_RUN_CRATE = 'https://w3id.org/ro/wfrun/process/0.5';
const LICENSE_ID = '#license';
const WORKFLOW_RUN_TERMS = 'https://w3id.org/ro/terms/workflow-run#';
/**
 * The RO-Crate context, with the Workflow Run terms the Process Run Crate profile uses (container
 * images, exit code) and Retort's own few, spelled out inline so that the crate needs no third
 * context to be read (a validator may be offline).
 */
const CONTEXT = [
  'https://w3id.org/ro/crate/1.1/context',
  {
    ContainerImage: `${WORKFLOW_RUN_TERMS}ContainerImage`,
    containerImage: { '@id': `${WORKFLOW_RUN_TERMS}containerImage`, '@type': '@id' },
    exitCode: `${WORKFLOW_RUN_TERMS}exitCode`,
    tag: `${WORKFLOW_RUN_TERMS}tag`,
    codeSha256: 'urn:retort:terms:codeSha256',
    imageId: 'urn:retort:terms:imageId',
    worker: 'urn:retort:terms:worker',
    reusedFrom: 'urn:retort:terms:reusedFrom',
  },
];

/** Where a file's bytes sit in the crate: `inputs/<name>` or `outputs/<path>`. */
export function cratePath(role: 'inputs' | 'outputs', name: string): string {
  return `${role}/${name}`;
}

// A relative URI reference: each path segment percent-encoded.
const crateId = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/**
 * An RO-Crate metadata document (JSON-LD) for one calculation, after the Process Run Crate profile: a
 * CreateAction whose instrument is the tool version (a SoftwareApplication with its image and the
 * code's sha256), object the inputs and result the outputs (Files with sha256), agent the owner,
 * parameters as PropertyValues, with limits, usage and the worker that ran it.
 */
export function provenanceCrate(source: ProvenanceSource): Record<string, unknown> {
  const actionId = `#calculation-${source.id}`;
  const instrumentId = source.toolVersionId ? `#tool-version-${source.toolVersionId}` : `#code-${source.id}`;
  const agentId = `#user-${source.ownerId}`;
  const imageId = source.imageDigest ? `#image-${source.imageDigest.replace(/^sha256:/, '')}` : `#image-${source.id}`;
  // `registry/name:tag`: the tag is what follows the last colon after the last slash.
  const tagAt = source.image.lastIndexOf(':');
  const hasTag = tagAt > source.image.lastIndexOf('/');
  const imageName = hasTag ? source.image.slice(0, tagAt) : source.image;
  const imageTag = hasTag ? source.image.slice(tagAt + 1) : null;
  const idOf = (role: 'inputs' | 'outputs', file: ProvenanceFile) =>
    file.included ? crateId(cratePath(role, file.name)) : `#file-${file.id}`;
  const fileEntity = (role: 'inputs' | 'outputs') => (file: ProvenanceFile) => ({
    '@id': idOf(role, file),
    '@type': 'File',
    name: file.name,
    identifier: file.id,
    ...(file.sha256 ? { sha256: file.sha256 } : {}),
    ...(file.sizeBytes !== null ? { contentSize: String(file.sizeBytes) } : {}),
    ...(file.contentType ? { encodingFormat: file.contentType } : {}),
  });
  const parameters = Object.entries(source.parameters).map(([name, value]) => ({
    '@id': `#parameter-${encodeURIComponent(name)}`,
    '@type': 'PropertyValue',
    name,
    value: typeof value === 'string' ? value : JSON.stringify(value),
  }));
  const measure = (kind: 'limit' | 'usage', name: string, value: unknown) => ({
    '@id': `#${kind}-${encodeURIComponent(name)}`,
    '@type': 'PropertyValue',
    name: `${kind}.${name}`,
    value:
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? value
        : JSON.stringify(value),
  });
  const usage = {
    cpuTimeS: source.cpuTimeS,
    wallTimeS: source.executionTimeS,
    peakMemoryBytes: source.peakMemoryBytes,
  };
  const measures = [
    ...Object.entries(source.limits).map(([name, value]) => measure('limit', name, value)),
    ...Object.entries(usage)
      .filter(([, value]) => value !== null)
      .map(([name, value]) => measure('usage', name, value)),
  ];
  const files = [...source.inputs.map(fileEntity('inputs')), ...source.outputs.map(fileEntity('outputs'))];
  const included = files.filter((file) => !file['@id'].startsWith('#'));
  return {
    '@context': CONTEXT,
    '@graph': [
      {
        '@id': 'ro-crate-metadata.json',
        '@type': 'CreativeWork',
        conformsTo: { '@id': RO_CRATE_SPEC },
        about: { '@id': './' },
      },
      {
        '@id': './',
        '@type': 'Dataset',
        name: `Calculation ${source.name}`,
        datePublished: iso(source.completedAt ?? source.queuedAt) ?? new Date(0).toISOString(),
        description: `How calculation ${source.id} was produced, by Retort.`,
        conformsTo: { '@id': PROCESS_RUN_CRATE },
        license: { '@id': LICENSE_ID },
        author: { '@id': agentId },
        hasPart: included.map((file) => ({ '@id': file['@id'] })),
        mentions: { '@id': actionId },
      },
      {
        '@id': actionId,
        '@type': 'CreateAction',
        name: source.name,
        description: `Calculation ${source.id}: ${source.tool ? `${source.tool} ${source.toolVersion ?? ''}`.trim() : 'ad-hoc code'}, run by Retort`,
        identifier: source.id,
        instrument: { '@id': instrumentId },
        agent: { '@id': agentId },
        object: [
          ...source.inputs.map((file) => ({ '@id': idOf('inputs', file) })),
          ...parameters.map((parameter) => ({ '@id': parameter['@id'] })),
        ],
        result: source.outputs.map((file) => ({ '@id': idOf('outputs', file) })),
        actionStatus: ACTION_STATUS[source.status] ?? 'http://schema.org/PotentialActionStatus',
        ...(source.startedAt ? { startTime: iso(source.startedAt) } : {}),
        ...(source.completedAt ? { endTime: iso(source.completedAt) } : {}),
        ...(source.errorMessage ? { error: source.errorMessage } : {}),
        ...(source.exitCode !== null ? { exitCode: source.exitCode } : {}),
        // The limits it ran under and what it used, as PropertyValues (a crate's graph is flat).
        additionalProperty: measures.map((measure) => ({ '@id': measure['@id'] })),
        ...(source.workerId ? { worker: source.workerId } : {}),
        ...(source.reusedFrom ? { reusedFrom: source.reusedFrom } : {}),
      },
      {
        '@id': instrumentId,
        '@type': 'SoftwareApplication',
        name: source.tool ?? 'ad-hoc code',
        ...(source.toolVersion ? { softwareVersion: source.toolVersion } : {}),
        containerImage: { '@id': imageId },
        codeSha256: createHash('sha256').update(source.code).digest('hex'),
      },
      {
        // The image by its content-addressed id when the worker recorded it, else by its tag only.
        '@id': imageId,
        '@type': 'ContainerImage',
        additionalType: { '@id': `${WORKFLOW_RUN_TERMS}DockerImage` },
        name: imageName,
        ...(imageTag ? { tag: imageTag } : {}),
        ...(source.imageDigest
          ? { imageId: source.imageDigest, sha256: source.imageDigest.replace(/^sha256:/, '') }
          : {}),
      },
      { '@id': agentId, '@type': 'Person', name: source.ownerName ?? source.ownerId, identifier: source.ownerId },
      {
        '@id': LICENSE_ID,
        '@type': 'CreativeWork',
        name: 'No license given',
        description:
          'The calculation’s owner holds the rights to its inputs and outputs; Retort grants no license to them. ' +
          'The tool’s own terms are its author’s.',
      },
      {
        '@id': PROCESS_RUN_CRATE,
        '@type': 'CreativeWork',
        name: 'Process Run Crate',
        version: '0.5',
      },
      ...parameters,
      ...measures,
      ...files,
    ],
  };
}
