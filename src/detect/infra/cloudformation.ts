import type { Evidence } from '../../model/types.js';
import { emptyFindings } from '../types.js';
import type { Detector, FileInput, Findings } from '../types.js';
import { inDir } from '../path-name.js';
import { byExtension } from '../select.js';
import { basename, component, diag, finish } from './common.js';
import type { Attrs } from './common.js';
import { analysePolicy, foldPolicies } from './iam-policy.js';
import { asArray, asBool, asObj, asString, isObj, isUnknown, lineOf } from './values.js';
import type { Obj } from './values.js';
import { parseYamlDocs } from './yaml-docs.js';

const OPEN = new Set(['0.0.0.0/0', '::/0']);
const inWorkflows = inDir('.github/workflows');
const inNodeModules = inDir('node_modules');

/** Of the YAML, JSON and `.template` files, those outside CI workflows and dependencies but well-known JSON configs. */
function mayBeTemplate(path: string): boolean {
  return !inWorkflows(path) && !inNodeModules(path) && !/^(package(-lock)?|tsconfig|composer)\.json$/i.test(basename(path));
}

function categorise(type: string): string | undefined {
  if (/^AWS::(Bedrock|SageMaker|Kendra|Comprehend|Lex)::/.test(type)) return 'ai';
  if (/^AWS::(OpenSearchService|Elasticsearch|OpenSearchServerless)::/.test(type)) return 'vector-db';
  if (/^AWS::S3::(Bucket|BucketPolicy)$/.test(type)) return 'storage';
  if (/^AWS::EC2::SecurityGroup(Ingress)?$/.test(type)) return 'network';
  if (/^AWS::IAM::(Policy|ManagedPolicy|Role)$/.test(type)) return 'iam';
  if (/^AWS::RDS::(DBInstance|DBCluster)$/.test(type)) return 'database';
  return undefined;
}

/** CloudFormation/SAM templates (YAML with short-form intrinsics, or JSON). Intrinsics stay unknown. */
export const cloudFormationDetector: Detector = {
  id: 'infra-cloudformation',
  version: 1,
  wants: byExtension({ ask: ['yml', 'yaml', 'json', 'template'], otherwise: 'no', anyCase: true }, mayBeTemplate),
  needles: ['AWS::'],
  detect(file: FileInput): Findings {
    const f = emptyFindings();
    const { docs, problems } = parseYamlDocs(file.text, { cfnTags: true });
    const root = asObj(docs[0]?.value);
    const resources = asObj(root?.Resources);
    if (!root || !resources || !(root.AWSTemplateFormatVersion || root.Transform || Object.values(resources).some((r) => /^AWS::/.test(asString(asObj(r)?.Type) ?? '')))) return finish(f);
    for (const p of problems) f.diagnostics.push(diag(file.path, p.line, p.code, p.message));
    for (const logicalId of Object.keys(resources)) {
      const r = asObj(resources[logicalId]);
      const type = asString(r?.Type);
      if (!r || !type) continue;
      const category = categorise(type);
      if (!category) continue;
      const props = asObj(r.Properties) ?? {};
      const line = lineOf(resources, logicalId);
      const { attrs, evidence } = rules(file.path, type, props, line, category);
      const risky = attrs.publicExposure === true || attrs.iamWildcard === true || attrs.encryptionOff === true;
      if ((category === 'iam' || category === 'database') && !risky && !attrs.touchesAi) continue;
      if (type === 'AWS::EC2::SecurityGroupIngress' && !risky) continue;
      f.components.push(
        component('cloud-resource', file.path, logicalId, { resourceType: type, category, provider: 'aws', ...attrs }, [{ path: file.path, line, note: type }, ...evidence]),
      );
    }
    return finish(f);
  },
};

function rules(path: string, type: string, p: Obj, line: number, category: string): { attrs: Attrs; evidence: Evidence[] } {
  const attrs: Attrs = {};
  const evidence: Evidence[] = [];
  const ev = (obj: unknown, key: string, note: string) => evidence.push({ path, line: lineOf(obj, key, line), note });
  if (category === 'ai') attrs.aiService = true;
  if (category === 'vector-db') attrs.vectorStore = true;
  const offFlag = (obj: unknown, key: string, note: string) => {
    if (asBool(asObj(obj)?.[key]) === false) {
      attrs.encryptionOff = true;
      ev(obj, key, note);
    }
  };
  offFlag(p, 'StorageEncrypted', 'StorageEncrypted: false');
  offFlag(p.EncryptionAtRestOptions, 'Enabled', 'encryption at rest disabled');
  offFlag(p.NodeToNodeEncryptionOptions, 'Enabled', 'node-to-node encryption disabled');
  const pub = (v: boolean | undefined, obj: unknown, key: string, note: string) => {
    if (v === true) {
      attrs.publicExposure = true;
      ev(obj, key, note);
    } else if (attrs.publicExposure === undefined) attrs.publicExposure = v;
  };
  switch (type) {
    case 'AWS::EC2::SecurityGroup':
    case 'AWS::EC2::SecurityGroupIngress': {
      const rules = type === 'AWS::EC2::SecurityGroup' ? asArray(p.SecurityGroupIngress) : [p];
      let open: boolean | undefined = false;
      rules.forEach((rule, i) => {
        const ro = asObj(rule);
        if (!ro) return;
        if (OPEN.has(asString(ro.CidrIp) ?? '') || OPEN.has(asString(ro.CidrIpv6) ?? '')) {
          open = true;
          evidence.push({ path, line: lineOf(ro, ro.CidrIp !== undefined ? 'CidrIp' : 'CidrIpv6', lineOf(p.SecurityGroupIngress, i, line)), note: 'ingress from 0.0.0.0/0' });
        } else if (open === false && (isUnknown(ro.CidrIp) || isUnknown(ro.CidrIpv6))) open = undefined;
      });
      attrs.publicExposure = open;
      break;
    }
    case 'AWS::S3::Bucket': {
      const acl = asString(p.AccessControl);
      if (acl) pub(/^Public|^AuthenticatedRead/.test(acl), p, 'AccessControl', `AccessControl ${acl}`);
      const pab = asObj(p.PublicAccessBlockConfiguration);
      if (pab && Object.values(pab).some((v) => asBool(v) === false)) {
        attrs.publicAccessBlockDisabled = true;
        ev(p, 'PublicAccessBlockConfiguration', 'public access block disabled');
      }
      break;
    }
    case 'AWS::S3::BucketPolicy':
      pub(analysePolicy(p.PolicyDocument).publicPrincipal, p, 'PolicyDocument', 'policy Principal "*"');
      break;
    case 'AWS::OpenSearchService::Domain':
    case 'AWS::Elasticsearch::Domain':
      pub(p.VPCOptions === undefined, p, 'VPCOptions', 'no VPCOptions: public endpoint');
      if (p.VPCOptions === undefined) evidence[evidence.length - 1] = { path, line, note: 'no VPCOptions: public endpoint' };
      break;
    case 'AWS::OpenSearchServerless::SecurityPolicy': {
      const pol = p.Policy;
      const doc = typeof pol === 'string' ? safeJson(pol) : pol;
      if (asString(p.Type) === 'network') pub(asArray(doc).some((x) => asBool(asObj(x)?.AllowFromPublic) === true), p, 'Policy', 'AllowFromPublic');
      break;
    }
    case 'AWS::SageMaker::NotebookInstance': {
      const d = p.DirectInternetAccess;
      pub(d === undefined || asString(d) === 'Enabled' ? true : isUnknown(d) ? undefined : false, p, d === undefined ? 'Type' : 'DirectInternetAccess', 'direct internet access');
      break;
    }
    case 'AWS::RDS::DBInstance':
    case 'AWS::RDS::DBCluster':
      pub(asBool(p.PubliclyAccessible), p, 'PubliclyAccessible', 'PubliclyAccessible: true');
      break;
    default:
      break;
  }
  if (category === 'iam') {
    const docs: { v: unknown; obj: unknown; key: string }[] = [];
    if (p.PolicyDocument !== undefined) docs.push({ v: p.PolicyDocument, obj: p, key: 'PolicyDocument' });
    asArray(p.Policies).forEach((pol, i) => docs.push({ v: asObj(pol)?.PolicyDocument, obj: p.Policies, key: String(i) }));
    let { wildcard, touchesAi } = foldPolicies(docs, (d) =>
      evidence.push({ path, line: Array.isArray(d.obj) ? lineOf(d.obj, Number(d.key), line) : lineOf(d.obj, d.key, line), note: 'wildcard IAM actions' }),
    );
    const managed = asArray(p.ManagedPolicyArns).map((x) => (isObj(x) ? '' : String(x)));
    if (managed.some((m) => /AdministratorAccess|PowerUserAccess|AmazonBedrockFullAccess|AmazonSageMakerFullAccess/.test(m))) {
      wildcard = true;
      ev(p, 'ManagedPolicyArns', 'broad managed policy');
    }
    if (managed.some((m) => /Bedrock|SageMaker/.test(m))) touchesAi = true;
    attrs.iamWildcard = wildcard;
    attrs.touchesAi = touchesAi;
  }
  return { attrs, evidence };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
