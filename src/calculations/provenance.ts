import { createHash } from 'node:crypto';

/** A file a calculation read or wrote, as the crate describes it. */
export interface ProvenanceFile {
  id: string;
  name: string;
  /** Null when the file has been deleted since. */
  sha256: string | null;
  sizeBytes: number | null;
  contentType: string | null;
}

export interface ProvenanceSource {
  id: string;
  name: string;
  status: string;
  ownerId: string;
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
  const fileEntity = (file: ProvenanceFile) => ({
    '@id': `files/${file.id}`,
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
  const files = [...source.inputs, ...source.outputs].map(fileEntity);
  return {
    '@context': 'https://w3id.org/ro/crate/1.1/context',
    '@graph': [
      {
        '@id': 'ro-crate-metadata.json',
        '@type': 'CreativeWork',
        conformsTo: { '@id': 'https://w3id.org/ro/crate/1.1' },
        about: { '@id': './' },
      },
      {
        '@id': './',
        '@type': 'Dataset',
        name: `Calculation ${source.name}`,
        datePublished: iso(source.completedAt ?? source.queuedAt) ?? new Date(0).toISOString(),
        conformsTo: { '@id': 'https://w3id.org/ro/wfrun/process/0.5' },
        hasPart: files.map((file) => ({ '@id': file['@id'] })),
        mentions: { '@id': actionId },
      },
      {
        '@id': actionId,
        '@type': 'CreateAction',
        name: source.name,
        identifier: source.id,
        instrument: { '@id': instrumentId },
        agent: { '@id': agentId },
        object: [
          ...source.inputs.map((file) => ({ '@id': `files/${file.id}` })),
          ...parameters.map((parameter) => ({ '@id': parameter['@id'] })),
        ],
        result: source.outputs.map((file) => ({ '@id': `files/${file.id}` })),
        actionStatus: ACTION_STATUS[source.status] ?? 'http://schema.org/PotentialActionStatus',
        ...(source.startedAt ? { startTime: iso(source.startedAt) } : {}),
        ...(source.completedAt ? { endTime: iso(source.completedAt) } : {}),
        ...(source.errorMessage ? { error: source.errorMessage } : {}),
        exitCode: source.exitCode,
        limits: source.limits,
        usage: {
          cpuTimeS: source.cpuTimeS,
          wallTimeS: source.executionTimeS,
          peakMemoryBytes: source.peakMemoryBytes,
        },
        worker: source.workerId,
        ...(source.reusedFrom ? { reusedFrom: source.reusedFrom } : {}),
      },
      {
        '@id': instrumentId,
        '@type': 'SoftwareApplication',
        name: source.tool ?? 'ad-hoc code',
        ...(source.toolVersion ? { softwareVersion: source.toolVersion } : {}),
        containerImage: source.image,
        ...(source.imageDigest ? { containerImageDigest: source.imageDigest } : {}),
        codeSha256: createHash('sha256').update(source.code).digest('hex'),
      },
      { '@id': agentId, '@type': 'Person', identifier: source.ownerId },
      ...parameters,
      ...files,
    ],
  };
}
