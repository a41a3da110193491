import { ErrorBody, Id } from '@tradeloop/schema';
import { z } from 'zod';

/** `:id` of every single-record route. */
export const IdParams = z.strictObject({ id: Id });

/** The error responses routes declare for the OpenAPI document: one body shape for every refusal. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
