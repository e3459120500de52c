import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/** The only door to S3-compatible object storage (MinIO locally, any S3 in production). */
@Injectable()
export class S3StorageAdapter implements OnModuleDestroy {
  private readonly client: S3Client;
  readonly bucket: string;

  constructor(config: AppConfig) {
    const s3 = config.s3;
    this.bucket = s3.bucket;
    this.client = new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      credentials: s3.credentials,
      forcePathStyle: s3.forcePathStyle,
    });
  }

  /** Resolves when the bucket exists and these credentials may use it. */
  async checkBucket(signal?: AbortSignal): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal: signal });
  }

  onModuleDestroy(): void {
    this.client.destroy();
  }
}
