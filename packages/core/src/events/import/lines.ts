import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

/** One line of an import file: its 1-based number and text (without the line break). */
export type FileLine = { line: number; text: string };

export type LineSource = {
  /** Size of the file on disk (compressed size for .gz): the progress total. */
  totalBytes: number;
  /** Bytes of the file read so far (compressed bytes for .gz). */
  readonly bytesRead: number;
  lines: AsyncIterable<FileLine>;
};

/**
 * Streams the lines of a file, gunzipping it when the name ends in `.gz`. Never holds more than the stream's buffers
 * and one line; `bytesRead` counts the bytes taken from disk, for a progress bar.
 */
export async function openLines(path: string): Promise<LineSource> {
  const { size } = await stat(path);
  const raw = createReadStream(path, { highWaterMark: 256 * 1024 });
  let bytesRead = 0;
  raw.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  const gz = path.toLowerCase().endsWith('.gz');
  const input = gz ? raw.pipe(createGunzip()) : raw;
  if (gz) raw.on('error', (err) => input.destroy(err));
  async function* lines(): AsyncIterable<FileLine> {
    const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    let line = 0;
    try {
      for await (const text of rl) {
        line++;
        // A byte-order mark at the start of the file is not part of the first line's text.
        yield { line, text: line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
      }
    } finally {
      rl.close();
      raw.destroy();
    }
  }
  return {
    totalBytes: size,
    get bytesRead() {
      return bytesRead;
    },
    lines: lines(),
  };
}
