/*
 * The example portal's app, laid out as `@backstage/create-app` lays out a new app on the new
 * frontend system: `app.packages: all` in app-config.yaml installs every frontend plugin this
 * package depends on (catalog, scaffolder, catalog graph, org, API docs, search, notifications,
 * user settings and @hcig/backstage-plugin-healthcare-integration, through its `/alpha` entry
 * point); this file adds only what belongs to this portal — its sidebar and its sign-in page.
 */
import { createApp } from '@backstage/frontend-defaults';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [navModule, signInModule],
});
