import { createCommBoxClient, type StreamObjectsQuery } from 'conversations-client';
import { describe, expectTypeOf, it } from 'vitest';

const commbox = createCommBoxClient({ token: 't' });

describe('getStreamObjects: the required limit is a type-level union', () => {
  it('compiles with any one complete limit, alone or with others', () => {
    void commbox.getStreamObjects(19155, { userIdentityId: 558355, pageSize: 100 });
    void commbox.getStreamObjects(19155, { unixStartTime: new Date(), unixEndTime: 1_700_000_000 });
    void commbox.getStreamObjects(19155, { identityStreamProviderId: '972500000000', identityStreamProviderType: 5 });
    void commbox.getStreamObjects(19155, {
      streamProviderId: '972500000000',
      streamProviderType: 5,
      status: [1, 8],
      sort: 'desc',
    });
    void commbox.getStreamObjects(19155, { userIdentityId: 1, unixStartTime: 1, unixEndTime: 2 });
    expectTypeOf<{ userIdentityId: number }>().toExtend<StreamObjectsQuery>();
  });

  it('refuses a query without a complete limit', () => {
    // @ts-expect-error no limit: pageSize alone fails at run time, so it does not compile
    void commbox.getStreamObjects(19155, { pageSize: 100 });
    // @ts-expect-error half a time range
    void commbox.getStreamObjects(19155, { unixStartTime: 1 });
    // @ts-expect-error half a provider pair
    void commbox.streamObjects(19155, { streamProviderId: '9725' });
    expectTypeOf<{ pageSize: number }>().not.toExtend<StreamObjectsQuery>();
  });
});
