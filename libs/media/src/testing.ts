/** Test helpers of the media lib: files with known verdicts. */
export { TestFiles } from './test-files';
