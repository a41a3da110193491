import { z } from 'zod';
import { Email, Id, NonEmptyText, Pagination, page, Region, Slug } from '../common.js';

/** Mirrors OPERATOR_ROLES in packages/core/src/marketplace/access.ts. */
export const OperatorRole = z.enum(['admin', 'operations', 'supplier_manager', 'sales', 'customer_service', 'analyst']);
export type OperatorRole = z.infer<typeof OperatorRole>;

export const OperatorStatus = z.enum(['active', 'disabled']);

const uniqueList = <T extends z.ZodType<string>>(item: T) =>
  z
    .array(item)
    .min(1)
    .max(100)
    .refine((xs) => new Set(xs).size === xs.length, 'values must be unique');

/** Which organisations an operator sees: '*' (all) or a non-empty list, per dimension. */
export const DataScope = z.strictObject({
  regions: z.union([z.literal('*'), uniqueList(Region)]),
  businessLines: z.union([z.literal('*'), uniqueList(Slug)]),
});
export type DataScope = z.infer<typeof DataScope>;

export const Operator = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: OperatorRole,
  scope: z.object({
    regions: z.union([z.literal('*'), z.array(z.string())]),
    businessLines: z.union([z.literal('*'), z.array(z.string())]),
  }),
  status: OperatorStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Operator = z.infer<typeof Operator>;

const OperatorEmail = Email.transform((s) => s.toLowerCase());

export const CreateOperator = z.strictObject({
  name: NonEmptyText(100),
  email: OperatorEmail,
  role: OperatorRole,
  scope: DataScope.default({ regions: '*', businessLines: '*' }),
  status: OperatorStatus.default('active'),
});
export type CreateOperator = z.infer<typeof CreateOperator>;

export const UpdateOperator = z.strictObject({
  name: NonEmptyText(100).optional(),
  email: OperatorEmail.optional(),
  role: OperatorRole.optional(),
  scope: DataScope.optional(),
  status: OperatorStatus.optional(),
});
export type UpdateOperator = z.infer<typeof UpdateOperator>;

export const OperatorListQuery = z.strictObject({
  ...Pagination.shape,
  role: OperatorRole.optional(),
  status: OperatorStatus.optional(),
});
export type OperatorListQuery = z.infer<typeof OperatorListQuery>;

export const OperatorPage = page(Operator);

export const OperatorIdParams = z.strictObject({ id: Id });

/** Body of the token issue routes (optional). */
export const IssueToken = z.strictObject({ label: NonEmptyText(100).optional() });
export type IssueToken = z.infer<typeof IssueToken>;

/** A token as issued: the secret is in this response only and is never shown again. */
export const IssuedToken = z.object({
  id: z.string(),
  token: z.string(),
  principalKind: z.enum(['operator', 'member']),
  createdAt: z.string(),
});
export type IssuedToken = z.infer<typeof IssuedToken>;

/** Body of `POST /api/session` (console sign-in). The email is matched case-insensitively. */
export const SignIn = z.strictObject({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1000),
});
export type SignIn = z.infer<typeof SignIn>;

/** Answer of `POST /api/session`: who signed in and what they may write (the session itself is in the cookie). */
export const SignedIn = z.object({ operator: Operator, permissions: z.array(z.string()) });
export type SignedIn = z.infer<typeof SignedIn>;

/**
 * Body of `PUT /api/operators/{id}/password`: at least 10 characters; `currentPassword` is required when operators
 * change their own.
 */
export const SetPassword = z.strictObject({
  password: z.string().min(10).max(1000),
  currentPassword: z.string().min(1).max(1000).optional(),
});
export type SetPassword = z.infer<typeof SetPassword>;
