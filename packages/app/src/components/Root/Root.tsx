import React, { PropsWithChildren } from 'react';
import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarPage,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import HomeIcon from '@material-ui/icons/Home';
import CreateComponentIcon from '@material-ui/icons/AddCircleOutline';
import InboxIcon from '@material-ui/icons/AssignmentTurnedIn';
import PortfolioIcon from '@material-ui/icons/ViewList';
import MenuIcon from '@material-ui/icons/Menu';
import GraphIcon from '@material-ui/icons/DeviceHub';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';
import {
  Settings as SidebarSettings,
  UserSettingsSignInAvatar,
} from '@backstage/plugin-user-settings';

export const Root = ({ children }: PropsWithChildren<{}>) => (
  <SidebarPage>
    <Sidebar>
      <SidebarGroup label="Menu" icon={<MenuIcon />}>
        <SidebarItem icon={HomeIcon} to="catalog" text="Catalog" />
        <SidebarItem
          icon={PortfolioIcon}
          to="healthcare-integration/portfolio"
          text="Integrations"
        />
        <SidebarItem
          icon={InboxIcon}
          to="healthcare-integration/inbox"
          text="Reviewer inbox"
        />
        <SidebarItem icon={CreateComponentIcon} to="create" text="Create..." />
        <SidebarItem icon={GraphIcon} to="catalog-graph" text="Catalog graph" />
        <SidebarDivider />
        <SidebarScrollWrapper />
      </SidebarGroup>
      <SidebarSpace />
      <SidebarDivider />
      <NotificationsSidebarItem />
      <SidebarGroup
        label="Settings"
        icon={<UserSettingsSignInAvatar />}
        to="/settings"
      >
        <SidebarSettings />
      </SidebarGroup>
    </Sidebar>
    {children}
  </SidebarPage>
);
