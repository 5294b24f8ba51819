import type { Evidence } from '../../model/types.js';
import { emptyFindings } from '../types.js';
import type { Detector, FileInput, Findings } from '../types.js';
import { endsWithAnyCase } from '../path-name.js';
import { byExtension } from '../select.js';
import { component, diag, finish } from './common.js';
import type { Attrs } from './common.js';
import { parseHcl } from './hcl.js';
import { loadHcl } from './hcl-tree.js';
import type { HclBlock } from './hcl.js';
import { analysePolicy, foldPolicies } from './iam-policy.js';
import { analysePodSpec } from './k8s-pod.js';
import { Unknown, asArray, asBool, asObj, asString, isObj, isUnknown, lineOf, setLoc } from './values.js';
import type { Obj } from './values.js';
import { parseYamlDocs } from './yaml-docs.js';

export interface TfResource {
  mode: 'resource' | 'data';
  type: string;
  name: string;
  line: number;
  body: Obj;
}

export const terraformDetector: Detector = {
  id: 'infra-terraform',
  version: 1,
  wants: byExtension({ yes: ['tf'], ask: ['json'], otherwise: 'no', anyCase: true }, (path) => endsWithAnyCase(path, '.tf.json')),
  async detect(file: FileInput): Promise<Findings> {
    const f = emptyFindings();
    let resources: TfResource[];
    if (/\.json$/i.test(file.path)) resources = fromJson(file, f);
    else {
      const hcl = await parseHcl(file.text);
      // The first error is the useful one; the parser's recovery makes the rest echoes of it.
      const hard = hcl.errors.filter((e) => e.structural);
      const e = hcl.errors[0];
      if (e)
        f.diagnostics.push(
          diag(file.path, e.line, hard.length ? 'parse-error' : 'parse-partial', `${hard.length ? e.message : `${e.message}: expression read as unknown`}${hcl.errors.length > 1 ? ` (and ${hcl.errors.length - 1} more)` : ''}`),
        );
      resources = fromHcl(hcl.blocks);
    }
    analyseResources(file.path, resources, f);
    return finish(f);
  },
  warm: loadHcl,
};

function fromHcl(blocks: HclBlock[]): TfResource[] {
  return blocks
    .filter((b) => (b.type === 'resource' || b.type === 'data') && b.labels.length >= 2)
    .map((b) => ({ mode: b.type as 'resource' | 'data', type: b.labels[0], name: b.labels[1], line: b.line, body: b.body }));
}

/** `.tf.json`: the same blocks as JSON; `${...}` strings are expressions, hence unknown. */
function fromJson(file: FileInput, f: Findings): TfResource[] {
  const { docs, problems } = parseYamlDocs(file.text);
  for (const p of problems) f.diagnostics.push(diag(file.path, p.line, p.code, p.message));
  const root = asObj(docs[0]?.value);
  const out: TfResource[] = [];
  for (const mode of ['resource', 'data'] as const) {
    for (const group of asArray(root?.[mode]).length ? asArray(root?.[mode]) : [root?.[mode]]) {
      const byType = asObj(group);
      if (!byType) continue;
      for (const type of Object.keys(byType)) {
        const byName = asObj(byType[type]);
        if (!byName) continue;
        for (const name of Object.keys(byName)) {
          const raw = byName[name];
          const body = asObj(Array.isArray(raw) ? raw[0] : raw);
          if (body) out.push({ mode, type, name, line: lineOf(byName, name), body: exprs(body) as Obj });
        }
      }
    }
  }
  return out;
}

function exprs(v: unknown): unknown {
  if (typeof v === 'string') return v.includes('${') ? new Unknown(v) : v;
  if (Array.isArray(v)) {
    const out = v.map(exprs);
    setLoc(out, { line: lineOf(v), keys: {}, items: v.map((_x, i) => lineOf(v, i)) });
    return out;
  }
  if (isObj(v)) {
    const out: Obj = {};
    const keys: Record<string, number> = {};
    for (const k of Object.keys(v)) {
      out[k] = exprs(v[k]);
      keys[k] = lineOf(v, k);
    }
    setLoc(out, { line: lineOf(v), keys, items: [] });
    return out;
  }
  return v;
}

/** Nested blocks: an array of bodies (HCL) or an object/array of objects (JSON). */
export function blocks(v: unknown): Obj[] {
  if (Array.isArray(v)) return v.filter(isObj) as Obj[];
  return isObj(v) ? [v] : [];
}
const first = (v: unknown) => blocks(v)[0];

const OPEN_CIDR = new Set(['0.0.0.0/0', '::/0', '*', 'Internet', 'Any', 'any']);

type Category = 'ai' | 'vector-db' | 'storage' | 'network' | 'iam' | 'database';

function categorise(type: string, mode: 'resource' | 'data'): Category | undefined {
  if (mode === 'data') return type === 'aws_iam_policy_document' ? 'iam' : undefined;
  if (/^(aws_bedrock|aws_bedrockagent|aws_sagemaker|aws_kendra|aws_comprehend|aws_lex|google_vertex_ai_(?!index)|google_ml_engine|google_dialogflow|azurerm_cognitive|azurerm_machine_learning|azurerm_ai_|azurerm_bot_)/.test(type)) return 'ai';
  if (/^(aws_opensearch|aws_elasticsearch|aws_opensearchserverless|pinecone_|qdrant|weaviate|google_vertex_ai_index|azurerm_search_service|elasticstack_)/.test(type)) return 'vector-db';
  if (/^(aws_s3_bucket|google_storage_bucket|azurerm_storage_account$|azurerm_storage_container$)/.test(type)) return 'storage';
  if (/^(aws_security_group|aws_vpc_security_group_ingress_rule|google_compute_firewall|azurerm_network_security_(group|rule))/.test(type)) return 'network';
  if (/^(aws_iam_(policy|role_policy|user_policy|group_policy|role)$|google_(project|organization|folder)_iam_(member|binding)$|azurerm_role_assignment$)/.test(type)) return 'iam';
  if (/^(aws_db_instance|aws_rds_cluster|aws_redshift_cluster|aws_docdb_cluster|aws_dynamodb_table|google_sql_database_instance)$/.test(type)) return 'database';
  return undefined;
}

const K8S_WORKLOADS: Record<string, { kind: string; spec: string[] }> = {
  deployment: { kind: 'Deployment', spec: ['spec', 'template', 'spec'] },
  stateful_set: { kind: 'StatefulSet', spec: ['spec', 'template', 'spec'] },
  daemonset: { kind: 'DaemonSet', spec: ['spec', 'template', 'spec'] },
  daemon_set: { kind: 'DaemonSet', spec: ['spec', 'template', 'spec'] },
  job: { kind: 'Job', spec: ['spec', 'template', 'spec'] },
  cron_job: { kind: 'CronJob', spec: ['spec', 'job_template', 'spec', 'template', 'spec'] },
  pod: { kind: 'Pod', spec: ['spec'] },
  replication_controller: { kind: 'ReplicationController', spec: ['spec', 'template', 'spec'] },
};

function analyseResources(path: string, resources: TfResource[], f: Findings): void {
  const byAddr = new Map(resources.map((r) => [`${r.type}.${r.name}`, r]));
  const folded = new Map<string, { attrs: Attrs; evidence: Evidence[] }>();
  const fold = (target: string, attrs: Attrs, evidence: Evidence[]) => {
    const cur = folded.get(target) ?? { attrs: {}, evidence: [] };
    for (const [k, v] of Object.entries(attrs)) if (v === true || cur.attrs[k] === undefined) cur.attrs[k] = v;
    cur.evidence.push(...evidence);
    folded.set(target, cur);
  };
  const pending: { r: TfResource; category: Category; attrs: Attrs; evidence: Evidence[] }[] = [];

  for (const r of resources) {
    const k8s = /^kubernetes_(.+?)(_v\d)?$/.exec(r.type);
    if (r.mode === 'resource' && k8s && K8S_WORKLOADS[k8s[1]]) {
      k8sWorkload(path, r, K8S_WORKLOADS[k8s[1]], f);
      continue;
    }
    if (r.mode === 'resource' && k8s && k8s[1] === 'service') {
      k8sService(path, r, f);
      continue;
    }
    const category = categorise(r.type, r.mode);
    if (!category) continue;
    const { attrs, evidence } = rules(path, r, category);
    // Sub-resources (ACLs, access blocks, rules) count against the bucket/group they name in the same file.
    const parentRef = subResourceParent(r);
    if (parentRef && byAddr.has(parentRef)) {
      fold(parentRef, attrs, evidence);
      continue;
    }
    pending.push({ r, category, attrs, evidence });
  }
  for (const p of pending) {
    const extra = folded.get(`${p.r.type}.${p.r.name}`);
    const attrs: Attrs = { ...p.attrs };
    const evidence = [...p.evidence];
    if (extra) {
      for (const [k, v] of Object.entries(extra.attrs)) if (v === true || attrs[k] === undefined) attrs[k] = v;
      evidence.push(...extra.evidence);
    }
    const isSub = !!subResourceParent(p.r);
    const risky = attrs.publicExposure === true || attrs.iamWildcard === true || attrs.encryptionOff === true;
    // IAM and sub-resources only matter when they open something or touch AI services.
    if ((p.category === 'iam' && !risky && !attrs.touchesAi) || (isSub && !risky)) continue;
    if (p.category === 'database' && !risky) continue;
    const name = `${p.r.mode === 'data' ? 'data.' : ''}${p.r.type}.${p.r.name}`;
    f.components.push(
      component(
        'cloud-resource',
        path,
        name,
        { resourceType: p.r.type, category: p.category, provider: p.r.type.split('_')[0], ...attrs },
        [{ path, line: p.r.line, note: `${p.r.mode} ${p.r.type}` }, ...evidence],
      ),
    );
  }
}

/** `bucket = aws_s3_bucket.x.id` / `security_group_id = aws_security_group.x.id` -> `aws_s3_bucket.x`. */
function subResourceParent(r: TfResource): string | undefined {
  if (!/^(aws_s3_bucket_.+|aws_security_group_rule|aws_vpc_security_group_ingress_rule|azurerm_network_security_rule|google_storage_bucket_(iam_.+|acl))$/.test(r.type)) return undefined;
  const ref = r.body.bucket ?? r.body.security_group_id ?? r.body.network_security_group_name;
  const text = isUnknown(ref) ? ref.text : undefined;
  const m = text && /(aws_s3_bucket|aws_security_group|azurerm_network_security_group|google_storage_bucket)\.([\w-]+)/.exec(text);
  return m ? `${m[1]}.${m[2]}` : `${r.type}#unresolved`;
}

function rules(path: string, r: TfResource, category: Category): { attrs: Attrs; evidence: Evidence[] } {
  const b = r.body;
  const attrs: Attrs = {};
  const evidence: Evidence[] = [];
  const ev = (obj: unknown, key: string, note: string) => evidence.push({ path, line: key === '' ? r.line : lineOf(obj, key, r.line), note });
  const setPublic = (v: boolean | undefined, obj: unknown, key: string, note: string) => {
    if (v === true) {
      attrs.publicExposure = true;
      ev(obj, key, note);
    } else if (attrs.publicExposure === undefined && v === false) attrs.publicExposure = false;
  };
  if (category === 'ai' || category === 'vector-db') {
    attrs.aiService = category === 'ai' ? true : undefined;
    if (category === 'vector-db') attrs.vectorStore = true;
  }
  // Explicit encryption switches turned off, wherever they sit.
  for (const key of ['encrypted', 'storage_encrypted', 'encryption_enabled', 'enable_encryption', 'https_only', 'enable_https_traffic_only', 'https_traffic_only_enabled']) {
    if (asBool(b[key]) === false) {
      attrs.encryptionOff = true;
      ev(b, key, `${key} = false`);
    }
  }
  for (const blk of ['encrypt_at_rest', 'node_to_node_encryption', 'encryption_at_rest', 'server_side_encryption']) {
    const e = first(b[blk]);
    if (e && asBool(e.enabled) === false) {
      attrs.encryptionOff = true;
      ev(b, blk, `${blk} disabled`);
    }
  }

  switch (r.type) {
    case 'aws_security_group':
    case 'aws_security_group_rule':
    case 'aws_vpc_security_group_ingress_rule': {
      const rulesList = r.type === 'aws_security_group' ? blocks(b.ingress) : asString(b.type) === 'egress' ? [] : [b];
      let open: boolean | undefined = false;
      const ports: string[] = [];
      for (const rule of rulesList) {
        const cidrs = [...asArray(rule.cidr_blocks), ...asArray(rule.ipv6_cidr_blocks), rule.cidr_ipv4, rule.cidr_ipv6];
        if (cidrs.some((c) => typeof c === 'string' && OPEN_CIDR.has(c))) {
          open = true;
          ports.push(`${asString(rule.from_port) ?? '*'}-${asString(rule.to_port) ?? '*'}`);
          const key = ['cidr_blocks', 'ipv6_cidr_blocks', 'cidr_ipv4', 'cidr_ipv6'].find((k) => rule[k] !== undefined) ?? 'cidr_blocks';
          evidence.push({ path, line: lineOf(rule, key, r.line), note: 'ingress from 0.0.0.0/0' });
        } else if (open === false && cidrs.some(isUnknown)) open = undefined;
      }
      attrs.publicExposure = open;
      if (ports.length) attrs.publicPorts = ports;
      break;
    }
    case 'google_compute_firewall': {
      const ingress = (asString(b.direction) ?? 'INGRESS') === 'INGRESS';
      const open = asArray(b.source_ranges).some((c) => typeof c === 'string' && OPEN_CIDR.has(c));
      setPublic(ingress && open, b, 'source_ranges', 'source_ranges 0.0.0.0/0');
      break;
    }
    case 'azurerm_network_security_rule':
    case 'azurerm_network_security_group': {
      const rulesList = r.type === 'azurerm_network_security_group' ? blocks(b.security_rule) : [b];
      let open = false;
      for (const rule of rulesList) {
        const inbound = /inbound/i.test(asString(rule.direction) ?? '') && /allow/i.test(asString(rule.access) ?? '');
        const src = [rule.source_address_prefix, ...asArray(rule.source_address_prefixes)];
        if (inbound && src.some((s) => typeof s === 'string' && OPEN_CIDR.has(s))) open = true;
      }
      setPublic(open, b, 'security_rule', 'inbound from any');
      break;
    }
    case 'aws_s3_bucket':
    case 'aws_s3_bucket_acl': {
      const acl = asString(b.acl);
      if (acl) setPublic(/^public-read|^authenticated-read|^website/.test(acl), b, 'acl', `acl ${acl}`);
      break;
    }
    case 'aws_s3_bucket_public_access_block': {
      const off = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].filter((k) => asBool(b[k]) === false);
      if (off.length) {
        attrs.publicAccessBlockDisabled = true;
        ev(b, off[0], `${off[0]} = false`);
      }
      break;
    }
    case 'aws_s3_bucket_policy': {
      const v = analysePolicy(b.policy);
      setPublic(v.publicPrincipal, b, 'policy', 'policy Principal "*"');
      break;
    }
    case 'google_storage_bucket_iam_member':
    case 'google_storage_bucket_iam_binding': {
      const members = [b.member, ...asArray(b.members)];
      setPublic(members.some((m) => m === 'allUsers' || m === 'allAuthenticatedUsers'), b, b.member !== undefined ? 'member' : 'members', 'allUsers');
      break;
    }
    case 'google_storage_bucket': {
      if (asBool(b.uniform_bucket_level_access) === false) attrs.uniformAccess = false;
      break;
    }
    case 'azurerm_storage_container': {
      const t = asString(b.container_access_type);
      if (t) setPublic(t === 'blob' || t === 'container', b, 'container_access_type', `container_access_type ${t}`);
      break;
    }
    case 'azurerm_storage_account': {
      const v = asBool(b.allow_nested_items_to_be_public ?? b.allow_blob_public_access);
      if (v !== undefined) setPublic(v, b, b.allow_nested_items_to_be_public !== undefined ? 'allow_nested_items_to_be_public' : 'allow_blob_public_access', 'public blobs allowed');
      break;
    }
    case 'aws_opensearch_domain':
    case 'aws_elasticsearch_domain': {
      if (b.vpc_options === undefined) setPublic(true, b, '', 'no vpc_options: public endpoint');
      else setPublic(false, b, 'vpc_options', '');
      if (b.access_policies !== undefined && analysePolicy(b.access_policies).publicPrincipal) setPublic(true, b, 'access_policies', 'access policy Principal "*"');
      break;
    }
    case 'aws_opensearchserverless_security_policy': {
      const pol = b.policy;
      const doc = typeof pol === 'string' ? safeJson(pol) : pol;
      const open = asArray(doc).some((x) => asBool(asObj(x)?.AllowFromPublic) === true) || asBool(asObj(doc)?.AllowFromPublic) === true;
      if (asString(b.type) === 'network') setPublic(open, b, 'policy', 'AllowFromPublic');
      if (asString(b.type) === 'encryption' && (asArray(doc).some((x) => asBool(asObj(x)?.AWSOwnedKey) === true))) attrs.awsOwnedKey = true;
      break;
    }
    case 'aws_sagemaker_notebook_instance': {
      const d = b.direct_internet_access;
      setPublic(d === undefined ? true : asString(d) === 'Enabled' ? true : isUnknown(d) ? undefined : false, b, d === undefined ? '' : 'direct_internet_access', 'direct internet access');
      const root = b.root_access;
      attrs.rootAccess = root === undefined ? true : asString(root) === 'Enabled' ? true : isUnknown(root) ? undefined : false;
      break;
    }
    case 'azurerm_cognitive_account':
    case 'azurerm_search_service':
    case 'azurerm_machine_learning_workspace':
    case 'azurerm_ai_services': {
      const p = b.public_network_access_enabled ?? b.public_network_access;
      const acl = first(b.network_acls);
      const denied = acl && asString(acl.default_action) === 'Deny';
      const pub = p === undefined ? !denied : asBool(p) ?? (asString(p) === 'Enabled' ? true : asString(p) === 'Disabled' ? false : undefined);
      setPublic(pub && !denied ? true : pub === undefined ? undefined : false, b, p === undefined ? '' : 'public_network_access_enabled', 'public network access');
      if (r.type === 'azurerm_cognitive_account') attrs.serviceKind = asString(b.kind);
      const local = b.local_auth_enabled;
      attrs.localAuth = local === undefined ? true : asBool(local);
      break;
    }
    case 'google_vertex_ai_index_endpoint': {
      setPublic(asBool(b.public_endpoint_enabled), b, 'public_endpoint_enabled', 'public endpoint');
      break;
    }
    case 'aws_db_instance':
    case 'aws_rds_cluster':
    case 'aws_redshift_cluster': {
      setPublic(asBool(b.publicly_accessible), b, 'publicly_accessible', 'publicly_accessible = true');
      break;
    }
    default:
      break;
  }

  if (category === 'iam') {
    const docs: { v: unknown; key: string }[] = [];
    if (r.type === 'aws_iam_policy_document') docs.push({ v: { statement: blocks(b.statement).map(tfStatement) }, key: 'statement' });
    // assume_role_policy says who may take the role, not what it may do: only `policy` grants actions.
    if (b.policy !== undefined) docs.push({ v: b.policy, key: 'policy' });
    for (const inline of blocks(b.inline_policy)) docs.push({ v: inline.policy, key: 'inline_policy' });
    let { wildcard, touchesAi } = foldPolicies(docs, (d, v) => ev(b, d.key, `wildcard actions: ${v.actions.filter((a) => a === '*' || a.endsWith(':*')).join(', ')}`));
    if (/^google_|^azurerm_/.test(r.type)) {
      const role = asString(b.role) ?? asString(b.role_definition_name) ?? '';
      wildcard = /^(roles\/(owner|editor)|Owner|Contributor)$/.test(role) ? true : isUnknown(b.role) ? undefined : false;
      if (wildcard) ev(b, b.role !== undefined ? 'role' : 'role_definition_name', `role ${role}`);
      touchesAi = /aiplatform|Cognitive|OpenAI|MachineLearning/i.test(role);
    }
    attrs.iamWildcard = docs.length || /^google_|^azurerm_/.test(r.type) ? wildcard : undefined;
    attrs.touchesAi = touchesAi;
  }
  return { attrs, evidence };
}

/** aws_iam_policy_document statement block -> IAM JSON statement. */
function tfStatement(s: Obj): Obj {
  const principals = blocks(s.principals);
  return {
    Effect: s.effect ?? 'Allow',
    Action: s.actions ?? (s.not_actions !== undefined ? '*' : undefined),
    Resource: s.resources ?? s.not_resources ?? '*',
    principals,
    condition: s.condition,
  };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** Terraform kubernetes provider blocks (snake_case, singular nested blocks) read as Kubernetes objects. */
const PLURAL: Record<string, string> = { container: 'containers', init_container: 'initContainers', volume: 'volumes', volume_mount: 'volumeMounts', port: 'ports' };

export function tfToK8s(v: unknown, depth = 0): unknown {
  if (depth > 40) return undefined;
  if (!isObj(v)) return Array.isArray(v) ? v.map((x) => tfToK8s(x, depth + 1)) : v;
  const out: Obj = {};
  const keys: Record<string, number> = {};
  for (const [k, val] of Object.entries(v)) {
    const plural = PLURAL[k];
    const camel = plural ?? k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    const isBlockList = Array.isArray(val) && val.length > 0 && val.every(isObj);
    const conv = isBlockList && !plural ? tfToK8s(val[0], depth + 1) : tfToK8s(val, depth + 1);
    if (Array.isArray(val) && Array.isArray(conv)) setLoc(conv, { line: lineOf(val), keys: {}, items: val.map((_x, i) => lineOf(val, i)) });
    out[camel] = conv;
    keys[camel] = lineOf(v, k);
  }
  setLoc(out, { line: lineOf(v), keys, items: [] });
  return out;
}

function k8sWorkload(path: string, r: TfResource, w: { kind: string; spec: string[] }, f: Findings): void {
  const obj = tfToK8s(r.body) as Obj;
  let spec: unknown = obj;
  for (const k of w.spec) spec = asObj(spec)?.[k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())];
  const pod = isObj(spec) ? analysePodSpec(spec, path) : undefined;
  const n = asString(asObj(obj.metadata)?.name);
  const name = `${w.kind.toLowerCase()}/${n && !n.includes('${') ? n : r.name}`;
  f.components.push(
    component(
      'k8s-workload',
      path,
      name,
      { ...(pod?.attrs ?? {}), workloadKind: w.kind, resourceType: r.type, images: pod?.images.map((i) => i.image), namespace: asString(asObj(obj.metadata)?.namespace) },
      [{ path, line: r.line, note: `resource ${r.type}` }, ...(pod?.evidence ?? [])],
    ),
  );
}

function k8sService(path: string, r: TfResource, f: Findings): void {
  const obj = tfToK8s(r.body) as Obj;
  const type = asString(asObj(obj.spec)?.type) ?? 'ClusterIP';
  if (type !== 'LoadBalancer' && type !== 'NodePort') return;
  const n = asString(asObj(obj.metadata)?.name) ?? r.name;
  f.components.push(
    component('k8s-exposure', path, `service/${n}`, { exposureKind: 'Service', serviceType: type, public: type === 'LoadBalancer' ? true : undefined, resourceType: r.type }, [
      { path, line: r.line, note: `resource ${r.type}` },
    ]),
  );
}
