import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { createGrpcWebTransport } from '@connectrpc/connect-web';
import { Purpose } from '@gen/dataexchange/v1/access_pb';
import { Agency } from '@gen/dataexchange/v1/common_pb';
import { RecordExchange } from '@gen/dataexchange/v1/record_exchange_pb';
import type { HostInfo } from './host';

/** An agency system's token (client credentials), as any partner's system gets one. */
export async function agencyToken(host: HostInfo): Promise<string> {
  const reply = await fetch(`${host.origin}/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: host.agencyClientId,
      client_secret: host.agencyClientSecret }),
  });
  if (!reply.ok) {
    throw new Error(`token endpoint answered ${reply.status}: ${await reply.text()}`);
  }
  return ((await reply.json()) as { access_token: string }).access_token;
}

/** Education reads a civil affairs record for dropout control over gRPC-Web; the status code it ends with. */
export async function readCivilAffairsRecord(host: HostInfo, sourceId: string): Promise<{ code: Code | 'OK'; groups: number[] }> {
  const token = await agencyToken(host);
  const client = createClient(RecordExchange, createGrpcWebTransport({ baseUrl: host.origin, useBinaryFormat: true }));
  try {
    const reply = await client.getSourceRecord(
      { sourceId, agency: Agency.CIVIL_AFFAIRS, purpose: Purpose.DROPOUT_CONTROL, purposeReference: 'e2e case 1' },
      { headers: { authorization: `Bearer ${token}` } },
    );
    return { code: 'OK', groups: reply.disclosedFieldGroups };
  } catch (error) {
    return { code: ConnectError.from(error).code, groups: [] };
  }
}
