import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../lib/problem';
import { renderWithProviders } from '../../test/render';
import { FileUploadDropzone } from './FileUploadDropzone';
import type { FileDto, uploadAnyFile } from './upload-file';

vi.mock('../../lib/auth', () => ({ accessToken: () => Promise.resolve('token-1') }));

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const dto = (name: string) => ({ id: name, filename: name }) as FileDto;

describe('FileUploadDropzone', () => {
  it('uploads several files at once, each with its own progress bar', async () => {
    const progress: Record<string, (fraction: number) => void> = {};
    const done: Record<string, ReturnType<typeof deferred<FileDto>>> = {};
    const upload = vi.fn<typeof uploadAnyFile>((file, options) => {
      progress[file.name] = options.onProgress;
      done[file.name] = deferred<FileDto>();
      return done[file.name].promise;
    });
    const onUploaded = vi.fn();
    renderWithProviders(<FileUploadDropzone onUploaded={onUploaded} upload={upload} />);

    const input = document.querySelector('input[type=file]') as HTMLInputElement;
    const files = [
      new File(['x,y\n1,2\n'], 'a.csv', { type: 'text/csv' }),
      new File(['hello'], 'b.txt', { type: 'text/plain' }),
    ];
    fireEvent.change(input, { target: { files } });

    await waitFor(() => expect(upload).toHaveBeenCalledTimes(2));
    expect(upload.mock.calls[0][1].token).toBe('token-1');
    progress['a.csv'](0.25);
    progress['b.txt'](0.75);
    await waitFor(() =>
      expect(screen.getByRole('progressbar', { name: 'Upload of a.csv' })).toHaveAttribute('aria-valuenow', '25'),
    );
    expect(screen.getByRole('progressbar', { name: 'Upload of b.txt' })).toHaveAttribute('aria-valuenow', '75');
    expect(screen.getByText('25 %')).toBeInTheDocument();

    done['a.csv'].resolve(dto('a.csv'));
    done['b.txt'].reject(
      new ApiError({
        type: 'urn:retort:problem:quota-exceeded',
        title: 'Payload Too Large',
        status: 413,
        detail: 'Your storage quota is full.',
      }),
    );
    expect(await screen.findByText('Uploaded')).toBeInTheDocument();
    expect(await screen.findByText('Your storage quota is full.')).toBeInTheDocument();
    expect(screen.getByText('Failed')).toBeInTheDocument();
    expect(onUploaded).toHaveBeenCalledTimes(1);
    expect(onUploaded).toHaveBeenCalledWith(dto('a.csv'));
  });
});
