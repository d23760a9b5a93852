import useAsync from 'react-use/esm/useAsync';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';

/** The signed-in user's entity ref and ownership refs (user plus groups). */
export function useViewer() {
  const identityApi = useApi(identityApiRef);
  const { value, loading } = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  return {
    loading,
    userEntityRef: value?.userEntityRef,
    ownershipEntityRefs: value?.ownershipEntityRefs ?? [],
  };
}
