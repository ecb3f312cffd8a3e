import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { useAuth, useIdentity } from '../auth';
import { ServiceStatus } from './service-status';

/** Every page of the console, in the order the nav shows them. */
export const NAV_ITEMS = [
  { to: '/subjects', label: 'Subjects' },
  { to: '/contracts', label: 'Contracts' },
  { to: '/lineage', label: 'Lineage' },
  { to: '/impact', label: 'Impact' },
  { to: '/approvals', label: 'Approvals' },
  { to: '/audit', label: 'Audit' },
  { to: '/incidents', label: 'Incidents' },
] as const;

export function AppLayout() {
  const { signOut } = useAuth();
  const { identity } = useIdentity();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="brand">Charter</span>
        <nav aria-label="Main">
          <ul>
            {NAV_ITEMS.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to}>{item.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who" data-testid="identity">
          <span title={`key ${identity.keyId}`}>{identity.role}</span>
          <button type="button" className="button" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="app-main">
        <ServiceStatus />
        <Suspense fallback={<p aria-busy="true">Loading…</p>}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
