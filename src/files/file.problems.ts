import { ProblemType } from '../common/problem-details';

/** The problem types this module answers with (slug, HTTP status, what it means). */
export const FileProblems = {
  uploadAborted: { slug: 'upload-aborted', status: 400, title: 'The client closed the connection mid-upload' },
  uploadTimeout: { slug: 'upload-timeout', status: 408, title: 'The upload stopped sending' },
  fileInUse: { slug: 'file-in-use', status: 409, title: 'The file is used by an unfinished calculation' },
  uploadCompleting: { slug: 'upload-completing', status: 409, title: 'Another request is completing the upload' },
  uploadIncomplete: { slug: 'upload-incomplete', status: 409, title: 'Nothing has been uploaded yet' },
  fileDeleted: { slug: 'file-deleted', status: 410, title: 'The file has been deleted' },
  uploadExpired: { slug: 'upload-expired', status: 410, title: 'The direct upload expired' },
  storageQuotaExceeded: {
    slug: 'storage-quota-exceeded',
    status: 413,
    title: 'The file does not fit in the storage quota',
  },
  fileTooLarge: {
    slug: 'file-too-large',
    status: 413,
    title: 'The file is larger than allowed, or than the quota leaves room for',
  },
  rangeNotSatisfiable: {
    slug: 'range-not-satisfiable',
    status: 416,
    title: 'The requested byte range starts past the end of the file',
  },
} as const satisfies Record<string, ProblemType>;
