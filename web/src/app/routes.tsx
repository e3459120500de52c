import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Layout } from './Layout';

const FilesPage = lazy(() => import('../features/files/FilesPage'));
const ToolsPage = lazy(() => import('../features/tools/ToolsPage'));
const ToolPage = lazy(() => import('../features/tools/ToolPage'));
const CalculationsPage = lazy(() => import('../features/calculations/CalculationsPage'));
const CalculationPage = lazy(() => import('../features/calculations/CalculationPage'));
const CodeCalculationPage = lazy(() => import('../features/calculations/CodeCalculationPage'));
const ApiKeysPage = lazy(() => import('../features/api-keys/ApiKeysPage'));
const ProfilePage = lazy(() => import('../features/profile/ProfilePage'));
const NewToolPage = lazy(() => import('../features/author/NewToolPage'));
const PublishVersionPage = lazy(() => import('../features/author/PublishVersionPage'));
const AdminUsersPage = lazy(() => import('../features/admin/AdminUsersPage'));
const AdminAuditPage = lazy(() => import('../features/admin/AdminAuditPage'));
const AdminStatsPage = lazy(() => import('../features/admin/AdminStatsPage'));
const AdminUsagePage = lazy(() => import('../features/admin/AdminUsagePage'));
const UsagePage = lazy(() => import('../features/usage/UsagePage'));
const WebhooksPage = lazy(() => import('../features/webhooks/WebhooksPage'));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Navigate to="/files" replace />} />
        <Route path="auth/callback" element={<Navigate to="/files" replace />} />
        <Route path="files" element={<Page element={<FilesPage />} />} />
        <Route path="tools" element={<Page element={<ToolsPage />} />} />
        <Route path="tools/:name" element={<Page element={<ToolPage />} />} />
        <Route path="tools/:name/publish" element={<Page element={<PublishVersionPage />} />} />
        <Route path="calculations" element={<Page element={<CalculationsPage />} />} />
        <Route path="calculations/new-code" element={<Page element={<CodeCalculationPage />} />} />
        <Route path="calculations/:id" element={<Page element={<CalculationPage />} />} />
        <Route path="api-keys" element={<Page element={<ApiKeysPage />} />} />
        <Route path="usage" element={<Page element={<UsagePage />} />} />
        <Route path="webhooks" element={<Page element={<WebhooksPage />} />} />
        <Route path="profile" element={<Page element={<ProfilePage />} />} />
        <Route path="author/new-tool" element={<Page element={<NewToolPage />} />} />
        <Route path="admin/users" element={<Page element={<AdminUsersPage />} />} />
        <Route path="admin/audit" element={<Page element={<AdminAuditPage />} />} />
        <Route path="admin/stats" element={<Page element={<AdminStatsPage />} />} />
        <Route path="admin/usage" element={<Page element={<AdminUsagePage />} />} />
        <Route path="*" element={<Navigate to="/files" replace />} />
      </Route>
    </Routes>
  );
}

function Page({ element }: { element: React.ReactNode }) {
  return (
    <Suspense
      fallback={
        <Center py="xl">
          <Loader aria-label="Loading page" />
        </Center>
      }
    >
      {element}
    </Suspense>
  );
}
