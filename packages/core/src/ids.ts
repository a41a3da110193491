import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case
let lastTime = -1;
let lastRandom = 0n;

function encode(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/**
 * A new id: `<prefix>_` + a 26-character ULID (time-ordered, monotonic within this process), so ids sort by
 * creation time and rows created in the same millisecond keep their order.
 *
 * @example newId('ord') // 'ord_01jd3v9k2m8x4q7r5t6w8y0z1a'
 */
export function newId(prefix: string, now: number = Date.now()): string {
  if (now <= lastTime) {
    lastRandom += 1n;
    now = lastTime;
  } else {
    lastTime = now;
    lastRandom = BigInt(`0x${randomBytes(10).toString('hex')}`) >> 1n; // headroom for increments
  }
  return `${prefix}_${encode(BigInt(now), 10)}${encode(lastRandom, 16)}`;
}
