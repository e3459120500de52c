import { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { generatedChunks } from '../test/helpers/multipart';
import { streamMultipart } from '../test/helpers/multipart';
import { rssBytes, sampleRss } from '../test/helpers/processes';
import { elapsedMs, Platform } from './platform';

const env = process.env as Record<string, string>;

export interface UploadResult {
  bytes: number;
  retortMBps: number;
  sdkMBps: number;
  apiRssGrowthMB: number;
}

/** 1 GiB through POST /api/v1/files versus the SDK's own multipart upload to the same MinIO. */
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
  const baseline = rssBytes(pid);
  const sampler = sampleRss(pid);
  let started = process.hrtime.bigint();
  const answer = await streamMultipart({
    port: platform.apiPort,
    path: '/api/v1/files',
    token: await platform.token('alice'),
    filename: 'big.bin',
    chunks: generatedChunks(bytes, 1024 * 1024, `bench ${Date.now()}`),
  });
  const retortS = elapsedMs(started) / 1000;
  const peak = sampler.stop();
  if (answer.status !== 201) throw new Error(`upload answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  await platform.call('alice', 'DELETE', `/files/${answer.body.id as string}`);

  const client = new S3Client({
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
  });
  const key = `bench/${randomUUID()}`;
  started = process.hrtime.bigint();
  await new Upload({
    client,
    params: {
      Bucket: env.S3_BUCKET,
      Key: key,
      Body: Readable.from(generatedChunks(bytes, 1024 * 1024, `sdk ${Date.now()}`)),
    },
  }).done();
  const sdkS = elapsedMs(started) / 1000;
  const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
  await client.send(new DeleteObjectCommand({ Bucket: env.S3_BUCKET, Key: key }));
  client.destroy();
  return { bytes, retortMBps: mb / retortS, sdkMBps: mb / sdkS, apiRssGrowthMB: (peak - baseline) / 1024 / 1024 };
}
