import { type AliasableExpression, type Expression, type SqlBool, expressionBuilder } from 'kysely';
import type { RapportDatabase } from '../db/database-schema.ts';

/**
 * What an API token reads (docs/access-policy.md, "API tokens"): the cases of the clinics in
 * its scope, and of those only the clinics its issuing admin still runs while their account is
 * active, so an admin who loses a clinic (or is disabled) takes their tokens' reach with them. Like `readableCase`, a reusable
 * expression over the caller's case id column.
 */
const access = expressionBuilder<RapportDatabase>();

export interface ApiTokenScope {
  tokenId: string;
  organizationId: string;
  issuedBy: string;
}

export function tokenReadableCase(
  token: ApiTokenScope,
  caseId: Expression<string>,
): AliasableExpression<SqlBool> {
  return access.exists(
    access
      .selectFrom('care_case as access_tc')
      .innerJoin('api_token_clinic as access_tk', (join) =>
        join
          .onRef('access_tk.clinic_id', '=', 'access_tc.clinic_id')
          .onRef('access_tk.organization_id', '=', 'access_tc.organization_id'),
      )
      .innerJoin('staff_role as access_ta', (join) =>
        join
          .onRef('access_ta.clinic_id', '=', 'access_tc.clinic_id')
          .onRef('access_ta.organization_id', '=', 'access_tc.organization_id'),
      )
      .innerJoin('staff_user as access_tu', (join) =>
        join
          .onRef('access_tu.id', '=', 'access_ta.staff_user_id')
          .onRef('access_tu.organization_id', '=', 'access_ta.organization_id'),
      )
      .select('access_tc.id')
      .where('access_tc.organization_id', '=', token.organizationId)
      .where('access_tk.token_id', '=', token.tokenId)
      .where('access_ta.staff_user_id', '=', token.issuedBy)
      .where('access_ta.role', '=', 'admin')
      .where('access_tu.status', '=', 'active')
      .whereRef('access_tc.id', '=', caseId),
  );
}
