import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { generatedChunks } from '../test/helpers/multipart';
import { streamMultipart } from '../test/helpers/multipart';
import { rssBytes, sampleRss } from '../test/helpers/processes';
import { elapsedMs, Platform } from './platform';

const env = process.env as Record<string, string>;

/** CPU seconds (user and system) a process has used so far (Linux, /proc/<pid>/stat). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export interface UploadResult {
  bytes: number;
  retortMBps: number;
  sdkMBps: number;
  apiRssGrowthMB: number;
  /** Each upload's MB/s, in the order they ran. */
  runs: { side: 'retort' | 'sdk'; MBps: number; apiRssGrowthMB?: number; apiCpuS?: number }[];
  /** CPU time (user and system) the API process spent per GiB uploaded through it. */
  apiCpuSPerGiB: number;
}

/**
 * 1 GiB through POST /api/v1/files versus the SDK's own multipart upload to the same MinIO. Both run
 * twice, in the order Retort, SDK, SDK, Retort, and each side's MB/s is its total over its two
 * runs: on a machine shared with other work a load that comes or goes mid-bench then weighs on
 * both sides alike instead of on whichever ran at the time.
 */
export async function upload(platform: Platform, bytes: number): Promise<UploadResult> {
  const mb = bytes / 1024 / 1024;
  const pid = platform.api?.child.pid as number;
  // Warm-up of the API's upload path (code, S3 client, allocator arenas), as in the 200 MB test.
  await streamMultipart({
    port: platform.apiPort,
    path: '/api/v1/files',
    token: await platform.token('alice'),
    filename: 'warm.bin',
    chunks: generatedChunks(64 * 1024 * 1024, 1024 * 1024, `warm ${Date.now()}`),
  });
  const client = new S3Client({
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
  });

  const throughRetort = async () => {
    const baseline = rssBytes(pid);
    const sampler = sampleRss(pid);
    const cpuBefore = cpuSeconds(pid);
    const started = process.hrtime.bigint();
    const answer = await streamMultipart({
      port: platform.apiPort,
      path: '/api/v1/files',
      token: await platform.token('alice'),
      filename: 'big.bin',
      chunks: generatedChunks(bytes, 1024 * 1024, `bench ${randomUUID()}`),
    });
    const seconds = elapsedMs(started) / 1000;
    const peak = sampler.stop();
    const cpuS = cpuSeconds(pid) - cpuBefore;
    if (answer.status !== 201) throw new Error(`upload answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    await platform.call('alice', 'DELETE', `/files/${answer.body.id as string}`);
    return { seconds, cpuS, growthMB: (peak - baseline) / 1024 / 1024 };
  };
  const throughSdk = async () => {
    const key = `bench/${randomUUID()}`;
    const started = process.hrtime.bigint();
    await new Upload({
      client,
      params: {
        Bucket: env.S3_BUCKET,
        Key: key,
        Body: Readable.from(generatedChunks(bytes, 1024 * 1024, `sdk ${randomUUID()}`)),
      },
    }).done();
    const seconds = elapsedMs(started) / 1000;
    await client.send(new DeleteObjectCommand({ Bucket: env.S3_BUCKET, Key: key }));
    return seconds;
  };

  const runs: UploadResult['runs'] = [];
  let retortS = 0;
  let sdkS = 0;
  let growthMB = 0;
  let apiCpuS = 0;
  for (const side of ['retort', 'sdk', 'sdk', 'retort'] as const) {
    if (side === 'retort') {
      const { seconds, cpuS, growthMB: growth } = await throughRetort();
      retortS += seconds;
      apiCpuS += cpuS;
      growthMB = Math.max(growthMB, growth);
      runs.push({ side, MBps: mb / seconds, apiRssGrowthMB: growth, apiCpuS: cpuS });
    } else {
      const seconds = await throughSdk();
      sdkS += seconds;
      runs.push({ side, MBps: mb / seconds });
    }
  }
  client.destroy();
  return {
    bytes,
    retortMBps: (2 * mb) / retortS,
    sdkMBps: (2 * mb) / sdkS,
    apiRssGrowthMB: growthMB,
    apiCpuSPerGiB: apiCpuS / ((2 * bytes) / 1024 ** 3),
    runs,
  };
}
