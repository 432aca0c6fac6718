import { timestampDate } from '@bufbuild/protobuf/wkt';
import { FieldGroup, Grant, Purpose } from '@gen/dataexchange/v1/access_pb';
import { Agency } from '@gen/dataexchange/v1/common_pb';
import { AGENCIES } from '../../shared/agencies';

/** What one agency may currently read of another's records: the field groups and purposes of its live grants. */
export interface Visibility {
  readonly groups: ReadonlySet<FieldGroup>;
  readonly purposes: ReadonlySet<Purpose>;
  readonly fullIdentity: boolean;
  readonly limited: boolean; // some grant limits categories or regions
}

/** A grant counts when it is not revoked and now lies within its validity period. */
export function isLive(grant: Grant, now: Date): boolean {
  if (grant.revokedAt) {
    return false;
  }
  const from = grant.validFrom ? timestampDate(grant.validFrom) : null;
  const to = grant.validTo ? timestampDate(grant.validTo) : null;
  return (!from || from <= now) && (!to || now < to);
}

/** grantee → source agency → what it may see now; an agency's own records are not shown (always readable). */
export function visibilityMatrix(grants: readonly Grant[], now: Date): Map<Agency, Map<Agency, Visibility>> {
  const matrix = new Map<Agency, Map<Agency, Visibility>>();
  for (const grant of grants.filter((g) => isLive(g, now))) {
    const sources = grant.sourceAgencies.length ? grant.sourceAgencies : AGENCIES.filter((a) => a !== grant.grantee);
    const row = matrix.get(grant.grantee) ?? new Map<Agency, Visibility>();
    for (const source of sources.filter((s) => s !== grant.grantee)) {
      const cell = row.get(source);
      row.set(source, {
        groups: new Set([...(cell?.groups ?? []), ...grant.fieldGroups]),
        purposes: new Set([...(cell?.purposes ?? []), grant.purpose]),
        fullIdentity: (cell?.fullIdentity ?? false) || grant.fullIdentity,
        limited: (cell?.limited ?? false) || grant.childCategories.length > 0 || grant.regions.length > 0,
      });
    }
    matrix.set(grant.grantee, row);
  }
  return matrix;
}
