// eslint-disable-next-line no-restricted-syntax -- tsc compiles JSX with the classic runtime (tsconfig "jsx": "react"), which needs React in scope
import React, { useState } from 'react';
import {
  Content,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
} from '@backstage/core-components';
import type { IdentityApi } from '@backstage/frontend-plugin-api';
import type { SignInPageProps } from '@backstage/plugin-app-react';
import { List, ListItem, ListItemText, Typography } from '@material-ui/core';

/** The example organisation's people and what each can do in the governance flow. */
export const EXAMPLE_USERS = [
  {
    name: 'priya.patel',
    title: 'Priya Patel',
    does: 'Integration engineer: requests integrations (requester)',
  },
  {
    name: 'sam.okafor',
    title: 'Sam Okafor',
    does: 'Security office: security reviewer',
  },
  {
    name: 'maria.gonzalez',
    title: 'Maria Gonzalez',
    does: 'Compliance office: compliance reviewer, waivers',
  },
  {
    name: 'jordan.lee',
    title: 'Jordan Lee',
    does: 'Clinical informatics: process owner, mapping review',
  },
  {
    name: 'chris.nguyen',
    title: 'Chris Nguyen',
    does: 'Revenue cycle: business owner, intake and go-live',
  },
  {
    name: 'alex.kim',
    title: 'Alex Kim',
    does: 'Quality assurance: test owner',
  },
  {
    name: 'taylor.brooks',
    title: 'Taylor Brooks',
    does: 'IT support: support owner, monitoring plan',
  },
  {
    name: 'dev.ops',
    title: 'Dev Ops',
    does: 'Integration engineering: technical owner',
  },
  { name: 'admin', title: 'Portal admin', does: 'Platform admins: everything' },
];

const STORAGE_KEY = 'healthcare-integration-example-user';

function initialUser(): string | undefined {
  // `?as=<user>` signs in directly (handy for links and the browser test).
  const fromQuery = new URLSearchParams(window.location.search).get('as');
  if (fromQuery) window.localStorage.setItem(STORAGE_KEY, fromQuery);
  return window.localStorage.getItem(STORAGE_KEY) ?? undefined;
}

/** Signing out forgets the chosen user, so the chooser shows again. */
function forgetUserOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      window.localStorage.removeItem(STORAGE_KEY);
      await identity.signOut();
    },
  };
}

/**
 * Development sign-in: choose one of the example users. The backend's example-users provider
 * checks the user exists in the catalog and issues a normal Backstage identity for it.
 */
export const ExampleUserSignInPage = (props: SignInPageProps) => {
  const [user, setUser] = useState(initialUser);
  if (user) {
    return (
      <ProxiedSignInPage
        {...props}
        onSignInSuccess={identity =>
          props.onSignInSuccess(forgetUserOnSignOut(identity))
        }
        provider="exampleUsers"
        headers={{ 'x-example-user': user }}
      />
    );
  }
  return (
    <Page themeId="home">
      <Header
        title="St. Mary's Integration Portal"
        subtitle="Example portal — sign in as one of the example users"
      />
      <Content>
        <InfoCard title="Sign in as">
          <Typography variant="body2" paragraph>
            Each person holds a different role in the governance flow.
            Development only: there is no password.
          </Typography>
          <List aria-label="Example users">
            {EXAMPLE_USERS.map(u => (
              <ListItem
                key={u.name}
                button
                data-testid={`sign-in-as-${u.name}`}
                onClick={() => {
                  window.localStorage.setItem(STORAGE_KEY, u.name);
                  setUser(u.name);
                }}
              >
                <ListItemText primary={u.title} secondary={u.does} />
              </ListItem>
            ))}
          </List>
        </InfoCard>
      </Content>
    </Page>
  );
};
