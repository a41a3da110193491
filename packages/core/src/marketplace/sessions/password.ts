import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { MarketplaceError } from '../errors.js';

/** Shortest password accepted for an operator (NIST SP 800-63B asks for at least 8; the console asks for 10). */
export const MIN_PASSWORD_LENGTH = 10;
/** Longest accepted: enough for any passphrase, short enough that hashing it costs nothing extra. */
export const MAX_PASSWORD_LENGTH = 1000;

/**
 * argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane): about 20 ms here, memory-hard so a GPU
 * guesses little faster than a CPU. The parameters are written into each PHC string, so raising them later still
 * verifies old hashes. (`Algorithm` is a const enum, which isolated modules cannot read: 2 is Argon2id.)
 */
const ARGON2ID = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) of the password, with a fresh 16-byte salt. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

/** Whether the password matches the stored PHC string; a malformed string is a mismatch, never a throw. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/**
 * A hash of a random secret, verified against when the email is unknown so that that answer costs what a wrong
 * password costs: response time does not tell which emails have accounts.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}

/** Refuses a new password outside the length bounds, naming the field. */
export function checkNewPassword(password: string, path: (string | number)[] = ['password']): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    throw new MarketplaceError(
      'validation_failed',
      `password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long`,
      { path },
    );
  }
}

/** A password for the first operator: 24 url-safe characters (144 bits). */
export const generatePassword = (): string => randomBytes(18).toString('base64url');
