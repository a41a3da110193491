import { z } from 'zod';
import { Email, Id, NonEmptyText, Pagination, Phone, page, Region, Slug } from '../common.js';

/** Unified social credit code (统一社会信用代码): 18 characters from digits and upper-case letters without I, O, S, V, Z. */
export const CreditCode = z
  .string()
  .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, '18 characters: digits and A-H J-N P-R T U W-Y')
  .describe('Unified social credit code (统一社会信用代码), 18 characters, unique');

export const OrganizationKind = z.enum(['buyer', 'supplier', 'both']);
export type OrganizationKind = z.infer<typeof OrganizationKind>;

export const CertificationStatus = z.enum(['pending', 'verified', 'rejected']);
export type CertificationStatus = z.infer<typeof CertificationStatus>;

export const ContactRole = z.enum(['purchaser', 'sales', 'finance', 'owner', 'other']);
export type ContactRole = z.infer<typeof ContactRole>;

/** Phones are stored without spaces and dashes, so a lookup matches however the number was typed. */
export const NormalizedPhone = Phone.transform((s) => s.replace(/[ -]/g, ''));
/** Emails are stored in lower case, so a lookup is case-insensitive. */
export const NormalizedEmail = Email.transform((s) => s.toLowerCase());

export const Organization = z.object({
  id: z.string(),
  name: z.string(),
  kind: OrganizationKind,
  creditCode: z.string(),
  industry: z.string(),
  region: z.string(),
  businessLine: z.string(),
  certificationStatus: CertificationStatus,
  certificationNote: z.string().nullable(),
  /** When the last certification review was made. */
  certifiedAt: z.string().nullable(),
  /** Who made it: an operator id, or 'admin' / 'system'. */
  certifiedBy: z.string().nullable(),
  memberLevelId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Organization = z.infer<typeof Organization>;

export const CreateOrganization = z.strictObject({
  kind: OrganizationKind,
  name: NonEmptyText(200),
  creditCode: CreditCode,
  industry: NonEmptyText(100),
  region: Region,
  businessLine: Slug,
  memberLevelId: Id.nullable().optional(),
});
export type CreateOrganization = z.infer<typeof CreateOrganization>;

/** PATCH: only the fields given change. Certification goes through the review action, not here. */
export const UpdateOrganization = z.strictObject({
  kind: OrganizationKind.optional(),
  name: NonEmptyText(200).optional(),
  creditCode: CreditCode.optional(),
  industry: NonEmptyText(100).optional(),
  region: Region.optional(),
  businessLine: Slug.optional(),
  memberLevelId: Id.nullable().optional(),
});
export type UpdateOrganization = z.infer<typeof UpdateOrganization>;

/** The orders an organisation list can come in (`-` = descending). */
export const ORGANIZATION_SORTS = ['createdAt', '-createdAt', 'name', '-name'] as const;

export const OrganizationListQuery = z.strictObject({
  ...Pagination.shape,
  kind: OrganizationKind.optional(),
  region: Region.optional(),
  businessLine: Slug.optional(),
  certificationStatus: CertificationStatus.optional(),
  memberLevelId: Id.optional(),
  q: z.string().trim().min(1).max(100).optional().describe('Part of the name, case-insensitive'),
  sort: z
    .enum(ORGANIZATION_SORTS)
    .optional()
    .describe('Order of the list: a field, descending with a leading "-" (ties broken by id); default -createdAt'),
});
export type OrganizationListQuery = z.infer<typeof OrganizationListQuery>;

export const OrganizationPage = page(Organization);

/** A certification review: verify or reject (a rejection needs a note the organisation can act on). */
export const CertificationReview = z.strictObject({
  decision: z.enum(['verified', 'rejected']),
  note: NonEmptyText(500).optional(),
});
export type CertificationReview = z.infer<typeof CertificationReview>;

export const Contact = z.object({
  id: z.string(),
  organizationId: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  role: ContactRole,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Contact = z.infer<typeof Contact>;

export const CreateContact = z.strictObject({
  name: NonEmptyText(100),
  phone: NormalizedPhone.nullable().optional(),
  email: NormalizedEmail.nullable().optional(),
  role: ContactRole,
});
export type CreateContact = z.infer<typeof CreateContact>;

export const UpdateContact = z.strictObject({
  name: NonEmptyText(100).optional(),
  phone: NormalizedPhone.nullable().optional(),
  email: NormalizedEmail.nullable().optional(),
  role: ContactRole.optional(),
});
export type UpdateContact = z.infer<typeof UpdateContact>;

export const ContactPage = page(Contact);

/** A look-up of contacts by an exact phone or email: exactly one of the two. */
export const ContactLookupQuery = z
  .strictObject({
    ...Pagination.shape,
    phone: NormalizedPhone.optional(),
    email: NormalizedEmail.optional(),
  })
  .refine((q) => (q.phone === undefined) !== (q.email === undefined), {
    message: 'give exactly one of phone or email',
    path: ['phone'],
  });
export type ContactLookupQuery = z.infer<typeof ContactLookupQuery>;

/** The orders a contact list can come in (`-` = descending). */
export const CONTACT_SORTS = ['createdAt', '-createdAt', 'name', '-name'] as const;

/**
 * `GET /api/contacts`: the contacts the caller may see, filtered. `phone` or `email` (at most one) look a contact up
 * exactly, as identity stitching and sales do; without them the list pages through every visible contact.
 */
export const ContactListQuery = z
  .strictObject({
    ...Pagination.shape,
    phone: NormalizedPhone.optional().describe('Exact phone number (normalised as stored)'),
    email: NormalizedEmail.optional().describe('Exact email (normalised as stored)'),
    q: z.string().trim().min(1).max(100).optional().describe('Part of the name or email, case-insensitive'),
    organizationId: Id.optional(),
    role: ContactRole.optional(),
    sort: z
      .enum(CONTACT_SORTS)
      .optional()
      .describe(
        'Order of the list: a field, descending with a leading "-" (ties broken by id); default createdAt (oldest ' +
          "first, as an organisation's contacts are listed). Names compare in the database's collation, which may " +
          'order non-ASCII text differently on SQLite and PostgreSQL',
      ),
  })
  .refine((q) => q.phone === undefined || q.email === undefined, {
    message: 'give at most one of phone or email',
    path: ['email'],
  });
export type ContactListQuery = z.infer<typeof ContactListQuery>;

export const OrganizationIdParams = z.strictObject({ id: Id });
