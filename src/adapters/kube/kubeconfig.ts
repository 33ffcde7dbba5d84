import { KubeConfig } from '@kubernetes/client-node';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { AppError } from '../../domain/errors.ts';
import type { KubeconfigSummary } from '../../app/ports/kube-gateway.ts';
import { asArray, asRecord, isRecord, str, type KubeObject } from './unstructured.ts';


/**
 * Kubeconfig fields that make client-node run a command or read a file on the machine Capstan runs on. A kubeconfig
 * arrives over the API from a user, so honouring them would let that user execute code or read files on our
 * server; credentials must be embedded instead (`token`, `client-*-data`, `certificate-authority-data`).
 */
const USER_FIELDS_REFUSED = ['exec', 'auth-provider', 'token-file', 'tokenFile', 'client-certificate', 'client-key'];
const CLUSTER_FIELDS_REFUSED = ['certificate-authority'];

interface Selected {
  readonly contextName: string;
  readonly context: KubeObject;
  readonly cluster: KubeObject;
  readonly user: KubeObject | null;
}

const invalid = (detail: string, cause?: unknown): AppError =>
  new AppError('KUBECONFIG_INVALID', detail, cause === undefined ? {} : { cause });

/** Validates kubeconfig text; throws AppError KUBECONFIG_INVALID naming what is wrong (never a secret value). */
export function parseKubeconfig(text: string): KubeconfigSummary {
  const { summary } = validate(text);
  return summary;
}

/**
 * A client-node KubeConfig holding only the current context, its cluster and its user, after validation.
 * Other entries are dropped before client-node sees them (it reads `token-file` of every user while loading).
 */
export function loadKubeConfig(text: string): { readonly kc: KubeConfig; readonly summary: KubeconfigSummary } {
  const { summary, selected } = validate(text);
  const reduced = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': selected.contextName,
    contexts: [{ name: selected.contextName, context: selected.context }],
    clusters: [{ name: str(selected.context['cluster']), cluster: selected.cluster }],
    users: selected.user === null ? [] : [{ name: str(selected.context['user']), user: selected.user }],
  };
  const kc = new KubeConfig();
  try {
    kc.loadFromString(stringifyYaml(reduced));
  } catch (error) {
    throw invalid('Kubeconfig could not be loaded: an entry is missing a required field.', error);
  }
  return { kc, summary };
}

function validate(text: string): { summary: KubeconfigSummary; selected: Selected } {
  const doc = parseDocument(text);
  if (doc['kind'] !== 'Config') throw invalid('Kubeconfig must have "kind: Config".');
  const contextName = str(doc['current-context']);
  if (contextName === undefined || contextName === '') throw invalid('Kubeconfig has no current-context.');
  const selected = select(doc, contextName);
  const server = str(selected.cluster['server']);
  if (server === undefined || server === '') {
    throw invalid(`Cluster "${str(selected.context['cluster'])}" has no server.`);
  }
  if (!/^https?:\/\/[^/]/.test(server)) {
    throw invalid(`Cluster "${str(selected.context['cluster'])}" server must be an http(s) URL.`);
  }
  refuseLocalAccess(selected);
  const namespace = str(selected.context['namespace']) || 'default';
  return { summary: { server, namespace, contextName }, selected };
}

function parseDocument(text: string): KubeObject {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw invalid('Kubeconfig is not valid YAML.', error);
  }
  if (!isRecord(doc)) throw invalid('Kubeconfig must be a YAML mapping.');
  return doc;
}

function select(doc: KubeObject, contextName: string): Selected {
  const context = findNamed(doc['contexts'], contextName, 'context');
  if (context === undefined) throw invalid(`current-context "${contextName}" names no entry in contexts.`);
  const clusterName = str(context['cluster']);
  if (clusterName === undefined || clusterName === '') throw invalid(`Context "${contextName}" names no cluster.`);
  const cluster = findNamed(doc['clusters'], clusterName, 'cluster');
  if (cluster === undefined) throw invalid(`Context "${contextName}" names cluster "${clusterName}", which is missing.`);
  const userName = str(context['user']);
  if (userName === undefined || userName === '') return { contextName, context, cluster, user: null };
  const user = findNamed(doc['users'], userName, 'user');
  if (user === undefined) throw invalid(`Context "${contextName}" names user "${userName}", which is missing.`);
  return { contextName, context, cluster, user };
}

function findNamed(list: unknown, name: string, field: string): KubeObject | undefined {
  const entry = asArray(list).find((item) => isRecord(item) && item['name'] === name);
  return entry === undefined ? undefined : asRecord(asRecord(entry)[field]);
}

function refuseLocalAccess(selected: Selected): void {
  const user = selected.user ?? {};
  const refused = [
    ...USER_FIELDS_REFUSED.filter((field) => user[field] !== undefined && user[field] !== null).map((f) => `user.${f}`),
    ...CLUSTER_FIELDS_REFUSED.filter((field) => selected.cluster[field] !== undefined).map((f) => `cluster.${f}`),
  ];
  if (refused.length > 0) {
    throw invalid(
      `Kubeconfig uses ${refused.join(', ')}, which would run a command or read a file on the Capstan server; ` +
        'embed the credentials instead (token, client-certificate-data, client-key-data, certificate-authority-data).',
    );
  }
}
