import { createHash } from 'node:crypto';
import { provenanceCrate, ProvenanceSource } from './provenance';

const source: ProvenanceSource = {
  id: 'c1',
  name: 'beam',
  status: 'completed',
  ownerId: 'u1',
  ownerName: 'Alice',
  tool: 'cantilever-beam',
  toolVersion: '1.0.0',
  toolVersionId: 'v1',
  image: 'retort/sandbox-python-scientific:1.0.0',
  imageDigest: 'sha256:' + 'a'.repeat(64),
  code: 'def run(p):\n    return 1\n',
  parameters: { lengthM: 2, section: { widthM: 0.05 } },
  limits: { memoryMb: 256 },
  queuedAt: new Date('2026-11-30T10:00:00Z'),
  startedAt: new Date('2026-11-30T10:00:01Z'),
  completedAt: new Date('2026-11-30T10:00:03Z'),
  errorMessage: null,
  exitCode: 0,
  cpuTimeS: 0.5,
  executionTimeS: 2,
  peakMemoryBytes: 1024,
  workerId: 'w1',
  reusedFrom: null,
  inputs: [{ id: 'f1', name: 'data', sha256: 'aa', sizeBytes: 10, contentType: 'text/csv', included: true }],
  outputs: [{ id: 'f2', name: 'plot.png', sha256: 'bb', sizeBytes: 20, contentType: 'image/png', included: true }],
};

describe(provenanceCrate.name, () => {
  const sut = provenanceCrate(source);
  const graph = sut['@graph'] as Record<string, unknown>[];
  const byId = (id: string) => graph.find((node) => node['@id'] === id);

  it('describes the run as a CreateAction: instrument, inputs and parameters, outputs, agent, times', () => {
    expect(byId('#calculation-c1')).toMatchObject({
      '@type': 'CreateAction',
      instrument: { '@id': '#tool-version-v1' },
      agent: { '@id': '#user-u1' },
      object: [{ '@id': 'inputs/data' }, { '@id': '#parameter-lengthM' }, { '@id': '#parameter-section' }],
      result: [{ '@id': 'outputs/plot.png' }],
      actionStatus: 'http://schema.org/CompletedActionStatus',
      startTime: '2026-11-30T10:00:01.000Z',
      endTime: '2026-11-30T10:00:03.000Z',
      worker: 'w1',
    });
  });

  it('names the software by tool, version and code sha256, its image by tag and id, and files by sha256', () => {
    expect(byId('#tool-version-v1')).toEqual({
      '@id': '#tool-version-v1',
      '@type': 'SoftwareApplication',
      name: 'cantilever-beam',
      softwareVersion: '1.0.0',
      containerImage: { '@id': `#image-${'a'.repeat(64)}` },
      codeSha256: createHash('sha256').update(source.code).digest('hex'),
    });
    expect(byId(`#image-${'a'.repeat(64)}`)).toEqual({
      '@id': `#image-${'a'.repeat(64)}`,
      '@type': 'ContainerImage',
      additionalType: { '@id': 'https://w3id.org/ro/terms/workflow-run#DockerImage' },
      name: 'retort/sandbox-python-scientific',
      tag: '1.0.0',
      imageId: 'sha256:' + 'a'.repeat(64),
      sha256: 'a'.repeat(64),
    });
    expect(byId('outputs/plot.png')).toMatchObject({
      '@type': 'File',
      name: 'plot.png',
      sha256: 'bb',
      contentSize: '20',
    });
    expect(byId('#parameter-section')).toMatchObject({ '@type': 'PropertyValue', value: '{"widthM":0.05}' });
  });

  it('keeps the graph flat: limits and usage are PropertyValues, every nested object a reference', () => {
    expect(byId('#calculation-c1')?.additionalProperty).toEqual([
      { '@id': '#limit-memoryMb' },
      { '@id': '#usage-cpuTimeS' },
      { '@id': '#usage-wallTimeS' },
      { '@id': '#usage-peakMemoryBytes' },
    ]);
    expect(byId('#usage-wallTimeS')).toEqual({
      '@id': '#usage-wallTimeS',
      '@type': 'PropertyValue',
      name: 'usage.wallTimeS',
      value: 2,
    });
    const nested = graph.flatMap((node) =>
      Object.entries(node)
        .flatMap(([key, value]) => (Array.isArray(value) ? value.map((item) => [key, item]) : [[key, value]]))
        .filter(([, value]) => typeof value === 'object' && value !== null && Object.keys(value).join() !== '@id')
        .map(([key]) => `${String(node['@id'])}.${String(key)}`),
    );
    expect(nested).toEqual([]);
  });

  it('names the image by its tag alone before the worker recorded its id', () => {
    const crate = provenanceCrate({ ...source, imageDigest: null, image: 'registry:5000/sandbox' });
    const image = (crate['@graph'] as Record<string, unknown>[]).find((node) => node['@type'] === 'ContainerImage');
    expect(image).toEqual(expect.objectContaining({ '@id': '#image-c1', name: 'registry:5000/sandbox' }));
    expect(image).not.toHaveProperty('tag');
    expect(image).not.toHaveProperty('sha256');
  });

  it('has the RO-Crate metadata descriptor and a root dataset that lists every file', () => {
    expect((sut['@context'] as unknown[])[0]).toBe('https://w3id.org/ro/crate/1.1/context');
    expect(byId('ro-crate-metadata.json')).toMatchObject({ about: { '@id': './' } });
    expect(byId('./')).toMatchObject({
      hasPart: [{ '@id': 'inputs/data' }, { '@id': 'outputs/plot.png' }],
      conformsTo: { '@id': 'https://w3id.org/ro/wfrun/process/0.5' },
    });
    expect(byId('https://w3id.org/ro/wfrun/process/0.5')).toMatchObject({ '@type': 'CreativeWork', version: '0.5' });
    expect(byId('#user-u1')).toMatchObject({ '@type': 'Person', name: 'Alice' });
  });

  it('describes a file left out of the crate by a local identifier, outside hasPart, and encodes paths', () => {
    const crate = provenanceCrate({
      ...source,
      inputs: [{ ...source.inputs[0], included: false }],
      outputs: [{ ...source.outputs[0], name: 'plots/a b.png' }],
    });
    const nodes = crate['@graph'] as Record<string, unknown>[];
    expect(nodes.find((node) => node['@id'] === './')).toMatchObject({
      hasPart: [{ '@id': 'outputs/plots/a%20b.png' }],
    });
    expect(nodes.find((node) => node['@id'] === '#file-f1')).toMatchObject({
      '@type': 'File',
      name: 'data',
      sha256: 'aa',
    });
  });
});
