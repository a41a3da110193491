import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'rolldown';

/** The SDK as one minified ESM file for browsers (what `npm run bundle -w @tradeloop/sdk` writes), with its sizes. */
export async function bundleForBrowser(): Promise<{ code: string; bytes: number; gzipBytes: number }> {
  const result = await build({
    input: fileURLToPath(new URL('../index.ts', import.meta.url)),
    write: false,
    platform: 'browser',
    output: { format: 'esm', minify: true },
  });
  const chunk = result.output[0];
  const code = chunk.code;
  return { code, bytes: Buffer.byteLength(code), gzipBytes: gzipSync(code).length };
}
