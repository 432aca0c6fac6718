import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { FieldGroup, GrantSchema, Purpose } from '@gen/dataexchange/v1/access_pb';
import { Agency } from '@gen/dataexchange/v1/common_pb';
import { isLive, visibilityMatrix } from './visibility';

const now = new Date('2026-12-02T08:00:00Z');
const grant = (init: Parameters<typeof create<typeof GrantSchema>>[1]) =>
  create(GrantSchema, {
    validFrom: timestampFromDate(new Date('2026-01-01T00:00:00Z')),
    validTo: timestampFromDate(new Date('2027-01-01T00:00:00Z')),
    ...init,
  });

describe('visibilityMatrix', () => {
  it('unions the field groups of every live grant per grantee and source', () => {
    const matrix = visibilityMatrix([
      grant({ grantee: Agency.EDUCATION, sourceAgencies: [Agency.CIVIL_AFFAIRS], fieldGroups: [FieldGroup.IDENTITY],
        purpose: Purpose.DROPOUT_CONTROL }),
      grant({ grantee: Agency.EDUCATION, sourceAgencies: [Agency.CIVIL_AFFAIRS], fieldGroups: [FieldGroup.WELFARE],
        purpose: Purpose.CASE_HANDLING, regions: ['5111'] }),
    ], now);
    const cell = matrix.get(Agency.EDUCATION)!.get(Agency.CIVIL_AFFAIRS)!;
    expect([...cell.groups].sort()).toEqual([FieldGroup.IDENTITY, FieldGroup.WELFARE]);
    expect(cell.purposes.size).toBe(2);
    expect(cell.limited).toBe(true);
    expect(cell.fullIdentity).toBe(false);
  });

  it('spreads a grant without source agencies over every other agency, never the grantee itself', () => {
    const matrix = visibilityMatrix([grant({ grantee: Agency.HEALTH, fieldGroups: [FieldGroup.CONTACT] })], now);
    const row = matrix.get(Agency.HEALTH)!;
    expect(row.size).toBe(4);
    expect(row.has(Agency.HEALTH)).toBe(false);
  });

  it('leaves out revoked, expired and future grants', () => {
    const revoked = grant({ grantee: Agency.HEALTH, revokedAt: timestampFromDate(now) });
    const expired = grant({ grantee: Agency.HEALTH, validTo: timestampFromDate(new Date('2026-06-01T00:00:00Z')) });
    const future = grant({ grantee: Agency.HEALTH, validFrom: timestampFromDate(new Date('2027-02-01T00:00:00Z')) });
    expect([revoked, expired, future].some((g) => isLive(g, now))).toBe(false);
    expect(visibilityMatrix([revoked, expired, future], now).size).toBe(0);
  });
});
