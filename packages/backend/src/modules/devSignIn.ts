import {
  createBackendModule,
  coreServices,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, InputError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** Header in which the sign-in page names the example user to sign in as. */
export const DEV_USER_HEADER = 'x-example-user';

/**
 * "Sign in as" for the example portal: the sign-in page lists the example users and sends the
 * chosen name in a header; the user must exist in the catalog. Like the guest provider, it
 * refuses to work outside development unless explicitly allowed, because it trusts the header.
 */
const exampleUserAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async (result: { userName: string }) => ({
    profile: { displayName: result.userName },
  }),
  initialize({ config }) {
    const allowOutsideDev = config.getOptionalBoolean(
      'dangerouslyAllowOutsideDevelopment',
    );
    return {
      disabled:
        process.env.NODE_ENV !== 'development' && allowOutsideDev !== true,
    };
  },
  async authenticate({ req }, { disabled }) {
    if (disabled) {
      throw new NotAllowedError(
        "The example-users provider only works in development unless 'auth.providers.exampleUsers.dangerouslyAllowOutsideDevelopment' is set",
      );
    }
    const userName = req.header(DEV_USER_HEADER)?.trim() ?? '';
    if (!/^[a-z0-9._-]{1,63}$/i.test(userName)) {
      throw new InputError(
        `Header ${DEV_USER_HEADER} must name an example user, e.g. priya.patel`,
      );
    }
    return { result: { userName } };
  },
});

export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'example-users-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'exampleUsers',
          factory: createProxyAuthProviderFactory({
            authenticator: exampleUserAuthenticator,
            // Only users in the catalog can sign in; ownership (groups) comes from the catalog too.
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({
                entityRef: { name: result.userName },
              }),
          }),
        });
      },
    });
  },
});
