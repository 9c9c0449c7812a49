import type { Writer } from '../../scripts/lib/output';

/** A Writer for the renderer that keeps what a command printed, for assertions. */
export function captureWriter(): Writer & { stdout: string; stderr: string } {
  const sink = {
    stdout: '',
    stderr: '',
    out: (text: string) => {
      sink.stdout += text;
    },
    err: (text: string) => {
      sink.stderr += text;
    },
  };
  return sink;
}
