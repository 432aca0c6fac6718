import { Agency } from '@gen/dataexchange/v1/common_pb';

/** The five partner agencies in the order people list them. */
export const AGENCIES: readonly Agency[] = [
  Agency.PUBLIC_SECURITY, Agency.EDUCATION, Agency.HEALTH, Agency.DISABLED_FEDERATION, Agency.CIVIL_AFFAIRS,
];
