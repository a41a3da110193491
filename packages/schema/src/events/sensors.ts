import { z } from 'zod';
import { JsonObject } from './segment.js';

/**
 * The Sensors Analytics (神策) SDK wire format, as accepted on `POST /sa` and `GET /sa?data=...`.
 *
 * Transport: form fields `data_list` (a JSON array) or `data` (one object or an array), each base64 of the JSON text,
 * or of its gzip when `gzip=1` (gzip is also recognised by its magic bytes). `project` names the source.
 */
export const SENSORS_TYPES = [
  'track',
  'track_signup',
  'profile_set',
  'profile_set_once',
  'profile_increment',
  'profile_append',
  'profile_unset',
  'profile_delete',
  'item_set',
  'item_delete',
] as const;
export type SensorsType = (typeof SENSORS_TYPES)[number];

const SensorsId = z.union([z.string().min(1).max(200), z.number().finite()]);

export const SensorsRecord = z.looseObject({
  type: z.enum(SENSORS_TYPES),
  /** Milliseconds since the epoch. */
  time: z.number().finite().optional(),
  _track_id: z.union([z.number().finite(), z.string().max(64)]).optional(),
  distinct_id: SensorsId.optional(),
  original_id: SensorsId.optional(),
  anonymous_id: SensorsId.optional(),
  login_id: SensorsId.optional(),
  event: z.string().min(1).max(100).optional(),
  project: z.string().max(200).optional(),
  token: z.string().max(200).optional(),
  properties: JsonObject.nullish(),
  lib: JsonObject.nullish(),
  item_type: z.string().min(1).max(200).optional(),
  item_id: SensorsId.optional(),
});
export type SensorsRecord = z.infer<typeof SensorsRecord>;

/** Form fields of `POST /sa` (application/x-www-form-urlencoded) and query parameters of `GET /sa`. */
export const SensorsForm = z.looseObject({
  data_list: z.string().optional(),
  data: z.string().optional(),
  gzip: z.string().optional(),
  project: z.string().max(200).optional(),
  token: z.string().max(200).optional(),
});
export type SensorsForm = z.infer<typeof SensorsForm>;
