/**
 * What the console shows, as registries: the sections of the navigation and the tabs of a
 * table's page. A new feature plugs in as one module and one entry here (for example a
 * Streams tab with a live tail, Backups, IAM users and roles, metrics charts), each entry
 * deciding whether it applies to the signed-in session.
 */
import type { ComponentType } from 'preact';
import type { Api } from './api.js';
import { AccountsPage } from './accounts.js';
import { IndexesTab } from './indexes.js';
import { ItemsTab } from './items.js';
import { PartiqlPage } from './partiql.js';
import { SettingsTab } from './settings.js';
import type { TableDescription } from './table-types.js';
import { TablesPage } from './tables.js';

/** What a section knows of the session before it shows. */
export interface SessionFacts {
  /** The session's account holds the IAM table (it administers root users). */
  readonly administersAccounts: boolean;
}

export interface Section {
  /** The first route segment, e.g. `tables` for `#/tables/...`. */
  readonly id: string;
  readonly label: string;
  readonly visible: (facts: SessionFacts) => boolean;
  readonly component: ComponentType<{ route: string[] }>;
}

export const SECTIONS: readonly Section[] = [
  { id: 'tables', label: 'Tables', visible: () => true, component: TablesPage },
  { id: 'partiql', label: 'PartiQL', visible: () => true, component: PartiqlPage },
  { id: 'accounts', label: 'Accounts', visible: (f) => f.administersAccounts, component: AccountsPage },
];

export interface TableTabProps {
  readonly table: TableDescription;
  /** Describe the table again (after a change). */
  readonly refresh: () => void;
  readonly api: Api;
}

export interface TableTab {
  readonly id: string;
  readonly label: string;
  readonly component: ComponentType<TableTabProps>;
}

export const TABLE_TABS: readonly TableTab[] = [
  { id: 'items', label: 'Items', component: ItemsTab },
  { id: 'indexes', label: 'Indexes', component: IndexesTab },
  { id: 'settings', label: 'Settings', component: SettingsTab },
];
