import type { ReactNode } from 'react';
import { Page } from '../components/page.tsx';
import { Link } from '../lib/router.tsx';

export function NotFoundPage(): ReactNode {
  return (
    <Page title="Page not found">
      <p>There is no page at this address. <Link to="/">Go to the overview</Link>.</p>
    </Page>
  );
}
