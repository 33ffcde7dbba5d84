import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gitOpsDriftWarning, gitOpsOwnerOf, type ObjectMarks } from './gitops-owner.ts';

const marks = (over: Partial<ObjectMarks>): ObjectMarks => ({ labels: {}, annotations: {}, managers: [], ...over });

test('Argo CD by its tracking annotation, naming the Application', () => {
  assert.deepEqual(gitOpsOwnerOf(marks({ annotations: { 'argocd.argoproj.io/tracking-id': 'shop:apps/Deployment:prod/web' } })),
    { tool: 'Argo CD', source: 'Application shop' });
  assert.deepEqual(gitOpsOwnerOf(marks({ labels: { 'argocd.argoproj.io/instance': 'shop' } })), { tool: 'Argo CD', source: 'Application shop' });
});

test('Flux by the kustomize-controller and helm-controller labels, naming the object with its namespace', () => {
  assert.deepEqual(gitOpsOwnerOf(marks({ labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } })),
    { tool: 'Flux', source: 'Kustomization flux-system/apps' });
  assert.deepEqual(gitOpsOwnerOf(marks({ labels: { 'helm.toolkit.fluxcd.io/name': 'web' } })), { tool: 'Flux', source: 'HelmRelease web' });
});

test('field managers when there are no labels; other managers and the ambiguous instance label are not owners', () => {
  assert.deepEqual(gitOpsOwnerOf(marks({ managers: ['kubectl-client-side-apply', 'kustomize-controller'] })),
    { tool: 'Flux', source: 'field manager kustomize-controller' });
  assert.deepEqual(gitOpsOwnerOf(marks({ managers: ['argocd-controller'] })), { tool: 'Argo CD', source: 'field manager argocd-controller' });
  assert.equal(gitOpsOwnerOf(marks({ managers: ['kubectl', 'capstan', 'kube-controller-manager'], labels: { 'app.kubernetes.io/instance': 'web' } })), null);
  assert.equal(gitOpsOwnerOf(marks({ annotations: { 'argocd.argoproj.io/tracking-id': '' } })), null);
});

test('the warning names the tool, what says so, and what will happen', () => {
  assert.equal(gitOpsDriftWarning({ tool: 'Flux', source: 'Kustomization flux-system/apps' }, 'image'),
    'Managed by Flux (Kustomization flux-system/apps): its next reconciliation may put the previous image back. Make the change in Git as well.');
  assert.match(gitOpsDriftWarning({ tool: 'Argo CD', source: 'Application shop' }, 'template'), /^Managed by Argo CD \(Application shop\): its next sync may undo/);
});
