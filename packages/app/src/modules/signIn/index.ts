import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/** Development sign-in as one of the example users (see ExampleUserSignInPage). */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: () =>
          import('./ExampleUserSignInPage').then(m => m.ExampleUserSignInPage),
      },
    }),
  ],
});
