/** The organisation and contact shapes the marketplace pages read (mirrors packages/schema's zod contracts). */
export type Organization = {
  id: string;
  name: string;
  kind: string;
  creditCode: string;
  industry: string;
  region: string;
  businessLine: string;
  certificationStatus: string;
  certificationNote: string | null;
  certifiedAt: string | null;
  certifiedBy: string | null;
  memberLevelId: string | null;
  createdAt: string;
  updatedAt: string;
};
export type OrganizationPage = { items: Organization[]; total: number; limit: number; offset: number };

export type Contact = {
  id: string;
  organizationId: string;
  name: string;
  phone: string | null;
  email: string | null;
  role: string;
  createdAt: string;
};
export type ContactPage = { items: Contact[]; total: number; limit: number; offset: number };
